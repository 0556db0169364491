package dev.externalfiles.integration.s3;

import java.util.Optional;
import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules, checked before any call to S3. */
public final class BucketNames {

    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private BucketNames() {
    }

    /** Why S3 would refuse the name, if it would. */
    public static Optional<String> problemWith(String bucket) {
        if (bucket == null || bucket.length() < 3 || bucket.length() > 63) {
            return Optional.of("must be 3 to 63 characters long");
        }
        if (!ALLOWED.matcher(bucket).matches()) {
            return Optional.of("may contain only lower-case letters, digits, '.' and '-', and must begin and end with a letter or digit");
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            return Optional.of("must not contain '..', '.-' or '-.'");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return Optional.of("must not be formatted as an IP address");
        }
        if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")) {
            return Optional.of("must not start with a prefix that S3 reserves");
        }
        if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.endsWith(".mrap") || bucket.endsWith("--x-s3")) {
            return Optional.of("must not end with a suffix that S3 reserves");
        }
        return Optional.empty();
    }
}

package dev.externalfiles.testsupport;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The local S3Proxy seen with the AWS SDK, as a customer's own tools would see the bucket. */
public final class Buckets {

    public static final String TEST_BUCKET = "ef-test-bucket";
    private static S3Client client;

    private Buckets() {
    }

    public static synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(URI.create(Stack.s3Endpoint()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(Stack.s3AccessKey(), Stack.s3SecretKey())))
                    .build();
        }
        return client;
    }

    public static void ensureBucket(String bucket) {
        try {
            client().headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            client().createBucket(r -> r.bucket(bucket));
        }
    }

    public static void put(String bucket, String key, String content) {
        retryingStaleConnections(() -> client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content)));
    }

    public static void put(String bucket, String key, Path file) {
        retryingStaleConnections(() -> client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file)));
    }

    /**
     * A PUT (idempotent) tried up to three times: the JDK's HttpURLConnection may reuse a kept-alive
     * connection that S3Proxy has just closed, and its Expect: 100-continue handshake then fails
     * with "Unexpected end of file from server", thrown unwrapped past the SDK's own retries (seen
     * once in CI, putting a test's 24 MiB object). Other client errors have had those retries.
     */
    private static void retryingStaleConnections(Runnable put) {
        for (int attempt = 1;; attempt++) {
            try {
                put.run();
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The sha256 of the object's bytes, read back streaming; null if there is no such object. */
    public static String sha256(String bucket, String key) {
        try (var in = client().getObject(r -> r.bucket(bucket).key(key))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> metadata(String bucket, String key) {
        return client().headObject(r -> r.bucket(bucket).key(key)).metadata();
    }

    public static boolean exists(String bucket, String key) {
        try {
            client().headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Multipart uploads begun and neither completed nor aborted, under a prefix. */
    public static List<MultipartUpload> pendingUploads(String bucket, String prefix) {
        return client().listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)).uploads();
    }
}

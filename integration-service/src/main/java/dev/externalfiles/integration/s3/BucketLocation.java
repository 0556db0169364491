package dev.externalfiles.integration.s3;

import dev.externalfiles.contracts.ChecksumMode;

/** Everything needed to call one bucket. {@link #toString()} never prints the secret. */
public record BucketLocation(
        String bucket,
        String region,
        String endpoint,
        boolean pathStyle,
        ChecksumMode checksumMode,
        String accessKeyId,
        String secretAccessKey) {

    @Override
    public String toString() {
        return "BucketLocation[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + "]";
    }
}

package dev.externalfiles.contracts;

/**
 * When the S3 client adds request checksums: {@code WHEN_SUPPORTED} is the AWS SDK default;
 * {@code WHEN_REQUIRED} is for S3-compatible stores that reject the SDK's default checksums.
 */
public enum ChecksumMode {
    WHEN_SUPPORTED,
    WHEN_REQUIRED
}

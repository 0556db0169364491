package dev.externalfiles.transfer.s3;

import java.net.URI;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.contracts.ChecksumMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds an S3 client for one integration's bucket from the resolved access. Each integration
 * has its own credentials and endpoint, so clients are per transfer, over one shared HTTP
 * connection pool. Blocking on purpose: transfers stream on worker threads.
 */
@ApplicationScoped
public class BucketClients {

    private final SdkHttpClient http = ApacheHttpClient.builder()
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();

    /** A client for the bucket; the caller closes it (the shared pool stays open). */
    public S3Client clientFor(AccessResolution access) {
        var builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(access.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(access.accessKeyId(), access.secretAccessKey())))
                .forcePathStyle(Boolean.TRUE.equals(access.pathStyle()));
        if (access.endpoint() != null) {
            builder.endpointOverride(URI.create(access.endpoint()));
        }
        if (access.checksumMode() == ChecksumMode.WHEN_REQUIRED) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}

package dev.externalfiles.integration.s3;

import java.net.URI;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.integration.config.S3Config;
import dev.externalfiles.contracts.ChecksumMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Builds an S3 client for one customer's bucket. Each integration has its own credentials and
 * endpoint, so clients are made per call over one shared non-blocking HTTP client.
 */
@ApplicationScoped
public class BucketClients {

    private final SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
    private final S3Config config;

    public BucketClients(S3Config config) {
        this.config = config;
    }

    /** A client for the location; the caller closes it (the shared HTTP client stays open). */
    public S3AsyncClient clientFor(BucketLocation location) {
        var builder = S3AsyncClient.builder()
                .httpClient(http)
                .region(Region.of(location.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(location.accessKeyId(), location.secretAccessKey())))
                .forcePathStyle(location.pathStyle())
                .overrideConfiguration(o -> o.apiCallTimeout(config.callTimeout()));
        if (location.endpoint() != null) {
            builder.endpointOverride(URI.create(location.endpoint()));
        }
        if (location.checksumMode() == ChecksumMode.WHEN_REQUIRED) {
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

package dev.externalfiles.integration.s3;

import java.net.URI;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.integration.config.S3Config;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * S3 clients for customers' buckets. Each integration has its own credentials and endpoint, so
 * clients are kept per location (a small LRU cache; building one reads files and must stay off
 * the event loop) over one shared non-blocking HTTP client.
 */
@ApplicationScoped
public class BucketClients {

    private static final int CACHED_CLIENTS = 64;

    private final SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
    private final S3Config config;
    private final java.util.Map<BucketLocation, S3AsyncClient> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<BucketLocation, S3AsyncClient> eldest) {
            if (size() > CACHED_CLIENTS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    public BucketClients(S3Config config) {
        this.config = config;
    }

    /** A client for the location, built on a worker thread the first time. Callers never close it. */
    public io.smallrye.mutiny.Uni<S3AsyncClient> clientFor(BucketLocation location) {
        synchronized (cache) {
            S3AsyncClient cached = cache.get(location);
            if (cached != null) {
                return io.smallrye.mutiny.Uni.createFrom().item(cached);
            }
        }
        return io.smallrye.mutiny.Uni.createFrom().item(() -> {
            S3AsyncClient client = build(location);
            synchronized (cache) {
                S3AsyncClient raced = cache.putIfAbsent(location, client);
                if (raced != null) {
                    client.close();
                    return raced;
                }
                return client;
            }
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    private S3AsyncClient build(BucketLocation location) {
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
        synchronized (cache) {
            cache.values().forEach(S3AsyncClient::close);
            cache.clear();
        }
        http.close();
    }
}

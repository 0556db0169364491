package dev.externalfiles.integration.support;

import java.net.URI;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** Puts test objects into the local S3Proxy with the AWS SDK, as a customer would. */
public final class Buckets {

    private static S3AsyncClient client;

    private Buckets() {
    }

    public static synchronized S3AsyncClient client() {
        if (client == null) {
            client = S3AsyncClient.builder()
                    .endpointOverride(URI.create(StackConfig.s3Endpoint()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(StackConfig.s3AccessKey(), StackConfig.s3SecretKey())))
                    .build();
            try {
                client.createBucket(r -> r.bucket(StackConfig.s3Bucket())).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof BucketAlreadyOwnedByYouException)
                        && !(e.getCause() instanceof software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException)) {
                    throw e;
                }
            }
        }
        return client;
    }

    public static void put(String key, String content) {
        client().putObject(r -> r.bucket(StackConfig.s3Bucket()).key(key), AsyncRequestBody.fromString(content)).join();
    }
}

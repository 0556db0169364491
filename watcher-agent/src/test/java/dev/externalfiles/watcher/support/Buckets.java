package dev.externalfiles.watcher.support;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** Makes sure the test bucket exists in the local S3Proxy, as a customer would have made it. */
public final class Buckets {

    private static boolean ready;

    private Buckets() {
    }

    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(Stack.s3Endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(Stack.s3AccessKey(), Stack.s3SecretKey())))
                .build()) {
            s3.createBucket(r -> r.bucket(Stack.s3Bucket()));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // Made by an earlier run.
        }
        ready = true;
    }
}

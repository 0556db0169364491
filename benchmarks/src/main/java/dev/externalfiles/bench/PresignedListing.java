package dev.externalfiles.bench;

import java.net.URI;
import java.time.Duration;

import dev.externalfiles.testsupport.Stack;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A presigned URL (SigV4 in the query string) of the local S3Proxy's ListObjectsV2, with the very
 * parameters integration-service's browsing sends. A plain HTTP client such as wrk can then load the
 * store directly, repeating the same signed request until it expires: the floor under browsing.
 */
final class PresignedListing {

    private PresignedListing() {
    }

    /** One page of keys under {@code prefix}, folded at '/', as integration-service's BucketInspector asks for it. */
    static String of(String bucket, String prefix, int maxKeys, Duration validFor) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(Stack.s3Endpoint() + "/" + bucket))
                .putRawQueryParameter("list-type", "2")
                .putRawQueryParameter("prefix", prefix)
                .putRawQueryParameter("delimiter", "/")
                .putRawQueryParameter("max-keys", Integer.toString(maxKeys))
                .putRawQueryParameter("encoding-type", "url")
                .build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.request(request)
                .identity(AwsCredentialsIdentity.create(Stack.s3AccessKey(), Stack.s3SecretKey()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validFor)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        return signed.request().getUri().toString();
    }
}

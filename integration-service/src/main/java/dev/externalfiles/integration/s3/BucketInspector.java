package dev.externalfiles.integration.s3;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.integration.service.BucketCheckFailed;
import dev.externalfiles.integration.service.StorageUnavailable;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The integration-service's only use of S3: check that credentials reach a bucket with the
 * permissions the product needs, and list a bucket for browsing. Errors name the missing
 * permission or the field to fix.
 */
@ApplicationScoped
public class BucketInspector {

    private static final Logger LOG = Logger.getLogger(BucketInspector.class);
    private static final java.util.Set<String> ARCHIVE_CLASSES = java.util.Set.of("GLACIER", "DEEP_ARCHIVE");
    private final BucketClients clients;

    public BucketInspector(BucketClients clients) {
        this.clients = clients;
    }

    /**
     * Lists under the root prefix (s3:ListBucket), heads the bucket, and reads the first byte
     * of a listed object (s3:GetObject). PutObject is not probed: writing a probe object into a
     * customer's bucket would be a surprise; a missing PutObject shows on the first export.
     */
    public Uni<Void> checkAccess(BucketLocation location, String rootPrefix) {
        return using(location, s3 -> call("ListBucket", location,
                s3.listObjectsV2(r -> r.bucket(location.bucket()).prefix(rootPrefix).maxKeys(50)))
                .chain(listing -> call("ListBucket", location, s3.headBucket(r -> r.bucket(location.bucket())))
                        .replaceWith(listing))
                .chain(listing -> firstObject(listing)
                        .map(object -> Uni.createFrom().completionStage(s3.getObject(
                                r -> r.bucket(location.bucket()).key(object.key()).range("bytes=0-0"),
                                AsyncResponseTransformer.toBytes())).replaceWithVoid()
                                // Refusals that are not about permission still prove s3:GetObject.
                                .onFailure(BucketInspector::readPermitted).recoverWithNull()
                                .onFailure().transform(e -> explain("GetObject", location, unwrap(e))))
                        .orElse(Uni.createFrom().voidItem())));
    }

    /** One page of the bucket under a prefix, folders folded at '/'. */
    public Uni<ListObjectsV2Response> list(BucketLocation location, String prefix, String continuationToken, int pageSize) {
        return using(location, s3 -> call("ListBucket", location, s3.listObjectsV2(r -> r.bucket(location.bucket())
                .prefix(prefix).delimiter("/").maxKeys(pageSize).continuationToken(continuationToken))));
    }

    /** The object's size, or null when there is no such object (s3:GetObject covers HeadObject). */
    public Uni<Long> head(BucketLocation location, String key) {
        return using(location, s3 -> Uni.createFrom().completionStage(s3.headObject(r -> r.bucket(location.bucket()).key(key)))
                .map(h -> h.contentLength())
                .onFailure(e -> unwrap(e) instanceof S3Exception s3e && s3e.statusCode() == 404).recoverWithNull()
                .onFailure().transform(e -> explain("GetObject", location, unwrap(e))));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException ? e.getCause() : e;
    }

    /** Every object key under a prefix, paging through the listing, up to limit + 1 keys. */
    public Uni<List<S3Object>> listAll(BucketLocation location, String prefix, int limit) {
        return using(location, s3 -> listFrom(s3, location, prefix, null, new java.util.ArrayList<>(), limit));
    }

    private Uni<List<S3Object>> listFrom(S3AsyncClient s3, BucketLocation location, String prefix, String token,
            List<S3Object> acc, int limit) {
        return call("ListBucket", location, s3.listObjectsV2(r -> r.bucket(location.bucket()).prefix(prefix)
                .continuationToken(token).maxKeys(1000)))
                .chain(page -> {
                    acc.addAll(page.contents());
                    if (acc.size() > limit || !Boolean.TRUE.equals(page.isTruncated())) {
                        return Uni.createFrom().item(acc);
                    }
                    return listFrom(s3, location, prefix, page.nextContinuationToken(), acc, limit);
                });
    }

    /** An object whose first byte can be read: not a folder marker, not empty, not in an archive class. */
    private static boolean readPermitted(Throwable e) {
        Throwable cause = e instanceof CompletionException ? e.getCause() : e;
        return cause instanceof S3Exception s3 && (s3.statusCode() == 416 || (s3.awsErrorDetails() != null
                && "InvalidObjectState".equals(s3.awsErrorDetails().errorCode())));
    }

    private static java.util.Optional<S3Object> firstObject(ListObjectsV2Response listing) {
        return listing.contents().stream()
                .filter(o -> !o.key().endsWith("/") && o.size() != null && o.size() > 0)
                .filter(o -> o.storageClassAsString() == null || !ARCHIVE_CLASSES.contains(o.storageClassAsString()))
                .findFirst();
    }

    private <T> Uni<T> using(BucketLocation location, Function<S3AsyncClient, Uni<T>> work) {
        return CallerContext.resumeOnCaller(clients.clientFor(location).chain(s3 -> work.apply(s3)));
    }

    private static <T> Uni<T> call(String permission, BucketLocation location, CompletableFuture<T> future) {
        return Uni.createFrom().completionStage(future)
                .onFailure().transform(e -> explain(permission, location, e instanceof CompletionException ? e.getCause() : e));
    }

    /** Turns an S3 failure into an error a workspace admin can act on. */
    static RuntimeException explain(String permission, BucketLocation location, Throwable failure) {
        if (failure instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code) || status == 404) {
                return new BucketCheckFailed("Bucket '" + location.bucket() + "' does not exist", "bucket");
            }
            if ("InvalidAccessKeyId".equals(code)) {
                return new BucketCheckFailed("The store does not know access key id '" + mask(location.accessKeyId()) + "'",
                        "accessKeyId");
            }
            if ("SignatureDoesNotMatch".equals(code)) {
                return new BucketCheckFailed("The secret access key does not match the access key id", "secretAccessKey");
            }
            if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code) || status == 301) {
                return new BucketCheckFailed("Bucket '" + location.bucket() + "' is not in region '" + location.region() + "'",
                        "region");
            }
            if (status == 403) {
                return new BucketCheckFailed("The credentials lack s3:" + permission + " on bucket '" + location.bucket()
                        + "' (S3 answered " + (code == null ? "403" : code) + ")", "accessKeyId");
            }
            if (status >= 500) {
                return new StorageUnavailable("The store answered " + status + " " + code + "; try again later");
            }
            return new BucketCheckFailed("S3 refused the request: " + status + " " + code, null);
        }
        if (failure instanceof SdkClientException) {
            // The cause (refused, timed out, TLS) stays in our log: echoing it would make a port scanner.
            LOG.infof("S3 client failure for %s: %s", location, failure.toString());
            return new StorageUnavailable("The store at " + (location.endpoint() == null ? "AWS" : location.endpoint())
                    + " could not be reached");
        }
        return failure instanceof RuntimeException r ? r : new CompletionException(failure);
    }

    public static String mask(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() <= 4) {
            return "****";
        }
        return "****" + accessKeyId.substring(accessKeyId.length() - 4);
    }
}

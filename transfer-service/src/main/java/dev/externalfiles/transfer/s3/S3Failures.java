package dev.externalfiles.transfer.s3;

import java.util.Set;

import dev.externalfiles.transfer.service.TransferFailure;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Sorts S3 failures into retryable (throttling, 5xx, connection trouble) and permanent ones. */
public final class S3Failures {

    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable", "RequestTimeTooSkewed", "OperationAborted",
            // Another conditional write of the same key was in flight (S3 asks for a retry).
            "ConditionalRequestConflict");

    private S3Failures() {
    }

    public static TransferFailure classify(SdkException e, String bucket, String key) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? String.valueOf(s3.statusCode()) : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if (status >= 500 || status == 429 || RETRYABLE_CODES.contains(code)) {
                return TransferFailure.retryable("S3_UNAVAILABLE", "S3 answered " + status + " " + code, e);
            }
            if ("NoSuchBucket".equals(code)) {
                return TransferFailure.permanent("NO_SUCH_BUCKET", "Bucket '" + bucket + "' does not exist");
            }
            if ("NoSuchKey".equals(code) || status == 404) {
                return TransferFailure.permanent("NO_SUCH_KEY", "Object '" + key + "' does not exist");
            }
            if (status == 403) {
                return TransferFailure.permanent("S3_ACCESS_DENIED", "S3 refused access to '" + key + "' (" + code
                        + "): check the integration's credentials and permissions");
            }
            return TransferFailure.permanent("S3_REFUSED", "S3 answered " + status + " " + code + " for '" + key + "'");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InternalAddressGuard.InternalAddressRefused refused) {
                return TransferFailure.permanent("ENDPOINT_REFUSED", "The integration's endpoint is not reachable from here: "
                        + refused.getMessage());
            }
        }
        if (e instanceof SdkClientException) {
            return TransferFailure.retryable("S3_UNREACHABLE", "S3 could not be reached: " + e.getMessage(), e);
        }
        return TransferFailure.retryable("S3_ERROR", e.getMessage(), e);
    }
}

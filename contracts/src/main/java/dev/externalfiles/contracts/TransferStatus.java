package dev.externalfiles.contracts;

import java.util.UUID;

/**
 * Progress or result of a transfer, published by the transfer-service. Exports are started by
 * the transfer-service itself, so their first status also says where they belong (project,
 * integration, kernel, user, key and path); for imports these are optional. A final status
 * carries {@link TransferTimings} (optional: readers must accept it missing).
 */
public record TransferStatus(
        String type,
        int schemaVersion,
        UUID transferId,
        TransferKind kind,
        TransferState state,
        Long bytes,
        Long totalBytes,
        String etag,
        String versionId,
        String sha256,
        String errorCode,
        String errorMessage,
        String projectId,
        UUID integrationId,
        String kernelId,
        String userId,
        String key,
        String path,
        TransferTimings timings) {

    public static final String TYPE = "TransferStatus";

    /** A report about an import or restore that integration-service queued. */
    public static TransferStatus of(UUID transferId, TransferKind kind, TransferState state, Long bytes, Long totalBytes,
            String etag, String versionId, String sha256, String errorCode, String errorMessage) {
        return new TransferStatus(TYPE, 1, transferId, kind, state, bytes, totalBytes, etag, versionId, sha256, errorCode,
                errorMessage, null, null, null, null, null, null, null);
    }

    /** The same report, also saying where an export belongs (its first report creates its record). */
    public TransferStatus locatedAt(String projectId, UUID integrationId, String kernelId, String userId, String key,
            String path) {
        return new TransferStatus(type, schemaVersion, transferId, kind, state, bytes, totalBytes, etag, versionId, sha256,
                errorCode, errorMessage, projectId, integrationId, kernelId, userId, key, path, timings);
    }

    /** The same report with where the transfer's time went (sent with its final state). */
    public TransferStatus timedAs(TransferTimings newTimings) {
        return new TransferStatus(type, schemaVersion, transferId, kind, state, bytes, totalBytes, etag, versionId, sha256,
                errorCode, errorMessage, projectId, integrationId, kernelId, userId, key, path, newTimings);
    }
}

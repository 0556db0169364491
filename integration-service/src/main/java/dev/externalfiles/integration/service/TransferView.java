package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.UUID;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.integration.domain.Transfer;

/** A transfer as users see it in the history and the progress stream. */
public record TransferView(
        UUID transferId,
        TransferKind kind,
        TransferState state,
        String projectId,
        UUID integrationId,
        String kernelId,
        String userId,
        String key,
        String path,
        long bytes,
        Long totalBytes,
        String etag,
        String versionId,
        String sha256,
        String errorCode,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt) {

    public static TransferView of(Transfer t) {
        return new TransferView(t.id, t.kind, t.state, t.projectId, t.integrationId, t.kernelId, t.userId, t.objectKey,
                t.path, t.bytes, t.totalBytes, t.etag, t.versionId, t.sha256, t.errorCode, t.errorMessage, t.createdAt,
                t.updatedAt);
    }
}

package dev.externalfiles.integration.messaging;

import java.util.UUID;

import dev.externalfiles.integration.domain.TransferKind;
import dev.externalfiles.integration.domain.TransferState;

/**
 * Progress or result of a transfer, published by the transfer-service. Exports are started by
 * the transfer-service itself, so their first status also says where they belong (project,
 * integration, kernel, user, key and path); for imports these are optional.
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
        String path) {

    public static final String TYPE = "TransferStatus";
}

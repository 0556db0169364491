package dev.externalfiles.integration.service;

import java.util.UUID;

import dev.externalfiles.integration.domain.ChecksumMode;

/**
 * The answer to "may this kernel's file move through this integration now?", for the
 * transfer-service. Location and credentials are filled in only when the answer is yes.
 */
public record AccessResolution(
        boolean allowed,
        String reason,
        String detail,
        String kernelId,
        String projectId,
        String userId,
        UUID integrationId,
        Long integrationVersion,
        String slug,
        Boolean writeback,
        String bucket,
        String region,
        String endpoint,
        Boolean pathStyle,
        String rootPrefix,
        ChecksumMode checksumMode,
        String accessKeyId,
        String secretAccessKey) {

    public static AccessResolution refused(String reason, String detail, String kernelId) {
        return new AccessResolution(false, reason, detail, kernelId, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "AccessResolution[allowed=" + allowed + ", reason=" + reason + ", kernelId=" + kernelId + ", slug=" + slug
                + "]";
    }
}

package dev.externalfiles.contracts;

import java.util.UUID;

/**
 * Asks the transfer-service to copy one object into one kernel. Keyed by kernelId/path so the
 * events of one file stay in order. {@code path} is relative to the integration folder
 * {@code external-files/<integrationType>/<integrationSlug>/}; {@code targetPath} is the whole
 * path under the kernel's project directory.
 */
public record ImportRequested(
        String type,
        int schemaVersion,
        UUID transferId,
        String reason,
        UUID integrationId,
        String integrationType,
        String integrationSlug,
        String kernelId,
        String agentUrl,
        String key,
        String versionId,
        String path,
        String targetPath,
        String userId,
        String projectId) {

    public static final String TYPE = "ImportRequested";

    public static ImportRequested of(UUID transferId, String reason, UUID integrationId, String integrationType,
            String slug, String kernelId, String agentUrl, String key, String versionId, String path, String userId,
            String projectId) {
        return new ImportRequested(TYPE, 1, transferId, reason, integrationId, integrationType, slug, kernelId, agentUrl,
                key, versionId, path, "external-files/" + integrationType + "/" + slug + "/" + path, userId, projectId);
    }

    public String kafkaKey() {
        return kernelId + "/" + integrationSlug + "/" + path;
    }
}

package dev.externalfiles.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A file under an integration folder of a kernel was written and closed. Keyed by
 * kernelId/slug/path so that the changes of one file stay in order. {@code path} is relative to
 * {@code external-files/<integrationType>/<slug>/}, '/'-separated.
 */
public record FileChanged(
        String type,
        int schemaVersion,
        UUID eventId,
        String kernelId,
        String projectId,
        String userId,
        String integrationType,
        String slug,
        String path,
        long size,
        String sha256,
        Instant mtime,
        String agentUrl,
        boolean firstVersion) {

    public static final String TYPE = "FileChanged";

    public static FileChanged of(UUID eventId, String kernelId, String projectId, String userId, String integrationType,
            String slug, String path, long size, String sha256, Instant mtime, String agentUrl, boolean firstVersion) {
        return new FileChanged(TYPE, 1, eventId, kernelId, projectId, userId, integrationType, slug, path, size, sha256, mtime,
                agentUrl, firstVersion);
    }

    public String kafkaKey() {
        return kernelId + "/" + slug + "/" + path;
    }
}

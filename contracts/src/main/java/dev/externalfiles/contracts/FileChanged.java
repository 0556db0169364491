package dev.externalfiles.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A file under an integration folder of a kernel was written and closed. Keyed by
 * kernelId/slug/path so that the changes of one file stay in order. {@code path} is relative to
 * {@code external-files/<integrationType>/<slug>/}, '/'-separated. {@code crc32c} is the CRC32C
 * of the same bytes as {@code sha256} (see {@link Crc32c}), which the transfer-service checks what
 * it reads from the agent against; events of agents before it have none (null).
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
        boolean firstVersion,
        String crc32c) {

    public static final String TYPE = "FileChanged";

    public static FileChanged of(UUID eventId, String kernelId, String projectId, String userId, String integrationType,
            String slug, String path, long size, String sha256, String crc32c, Instant mtime, String agentUrl,
            boolean firstVersion) {
        return new FileChanged(TYPE, 1, eventId, kernelId, projectId, userId, integrationType, slug, path, size, sha256, mtime,
                agentUrl, firstVersion, crc32c);
    }

    public String kafkaKey() {
        return kernelId + "/" + slug + "/" + path;
    }
}

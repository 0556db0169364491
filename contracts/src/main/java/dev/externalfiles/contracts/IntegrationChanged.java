package dev.externalfiles.contracts;

import java.util.UUID;

/** Tells caches elsewhere that an integration changed or is gone. Never carries a secret. */
public record IntegrationChanged(
        String type,
        int schemaVersion,
        UUID integrationId,
        String workspaceId,
        String slug,
        long version,
        boolean writeback,
        boolean deleted) {

    public static final String TYPE = "IntegrationChanged";

    public static IntegrationChanged of(UUID id, String workspaceId, String slug, long version, boolean writeback,
            boolean deleted) {
        return new IntegrationChanged(TYPE, 1, id, workspaceId, slug, version, writeback, deleted);
    }
}

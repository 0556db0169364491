package dev.externalfiles.integration.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.externalfiles.contracts.ChecksumMode;

/**
 * A partial change of an integration's settings; absent fields stay as they are. {@code version}
 * is the version the admin last saw: a change made since is a 409, never overwritten.
 */
public record IntegrationChanges(
        @NotNull Long version,
        @Size(min = 1, max = 100) String name,
        @Size(min = 1, max = 63) String bucket,
        @Size(min = 1, max = 40) String region,
        @Size(max = 512) String rootPrefix,
        @Size(max = 512) String endpoint,
        Boolean pathStyle,
        ChecksumMode checksumMode,
        Boolean writeback) {

    /** Whether the change moves where the bucket is, so that the credentials must be checked again. */
    public boolean movesBucket() {
        return bucket != null || region != null || rootPrefix != null || endpoint != null || pathStyle != null
                || checksumMode != null;
    }
}

package dev.externalfiles.watcher.kernel;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** integration-service's answer to a registration or heartbeat: the integrations the kernel may use now. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KernelView(String kernelId, String projectId, String userId, List<UsableIntegration> integrations,
        int restoresQueued) {

    /** One integration and its folder {@code external-files/<type>/<slug>/}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UsableIntegration(UUID integrationId, String type, String slug, String folder, boolean writeback) {
    }
}

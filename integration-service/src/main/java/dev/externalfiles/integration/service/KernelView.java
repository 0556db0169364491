package dev.externalfiles.integration.service;

import java.util.List;
import java.util.UUID;

/** What an agent needs to lay out its kernel's folders: the integrations its user may use there. */
public record KernelView(String kernelId, String projectId, String userId, List<UsableIntegration> integrations,
        int restoresQueued) {

    /** One integration folder, {@code external-files/<type>/<slug>/}, and whether its changes are exported. */
    public record UsableIntegration(UUID integrationId, String type, String slug, String folder, boolean writeback) {
    }
}

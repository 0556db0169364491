package dev.externalfiles.integration.service;

import dev.externalfiles.integration.domain.Plan;

/** The workspace's plan does not include cloud storage integrations. */
public class PlanForbidsIntegrations extends AccessDenied {
    public PlanForbidsIntegrations(String workspaceId, Plan plan) {
        super("plan-forbids-integrations", "Plan does not allow integrations",
                "Workspace '" + workspaceId + "' is on the " + plan
                        + " plan; only the PROFESSIONAL, TEAM and ENTERPRISE plans may have cloud storage integrations");
    }
}

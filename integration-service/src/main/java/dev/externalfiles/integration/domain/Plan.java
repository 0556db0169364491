package dev.externalfiles.integration.domain;

/** A workspace's billing plan; only some plans may have cloud storage integrations. */
public enum Plan {
    COMMUNITY,
    PROFESSIONAL,
    TEAM,
    ENTERPRISE;

    public boolean allowsIntegrations() {
        return this != COMMUNITY;
    }
}

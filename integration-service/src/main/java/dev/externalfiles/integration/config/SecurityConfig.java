package dev.externalfiles.integration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Roles that service identities carry in their tokens. */
@ConfigMapping(prefix = "external-files.security")
public interface SecurityConfig {

    /** Role of the platform, which keeps workspaces, members, projects and permissions in sync. */
    @WithDefault("platform")
    String platformRole();

    /** Role of the watcher-agents, which register kernels. */
    @WithDefault("agent")
    String agentRole();

    /** Role of the transfer-service, which resolves transfers and receives credentials. */
    @WithDefault("transfer")
    String transferRole();
}

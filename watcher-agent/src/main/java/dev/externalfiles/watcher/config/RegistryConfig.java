package dev.externalfiles.watcher.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the agent reaches integration-service's kernel registry, and with which identity. */
@ConfigMapping(prefix = "watcher.registry")
public interface RegistryConfig {

    /** Base URL of integration-service (required), e.g. {@code http://integration-service:8080}. */
    String url();

    /** Issuer of the agent's own token (OIDC discovery base URL, required). */
    String oidcUrl();

    /** OIDC client id of the agent (client credentials grant; its token carries the agent role). */
    @WithDefault("watcher-agent")
    String clientId();

    /** OIDC client secret of the agent (required; from a Kubernetes Secret in production). */
    String clientSecret();

    /** Time between heartbeats; integration-service forgets a kernel after 90 s without one. */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /** First wait before registering again after a failure; it doubles up to {@link #retryMax()}. */
    @WithDefault("1s")
    Duration retryMin();

    /** Longest wait between two registration attempts. */
    @WithDefault("30s")
    Duration retryMax();

    /**
     * Shortest time between two heartbeats brought forward (their answer carries the folders),
     * which the file API asks for when the transfer-service names a slug this kernel has no folder
     * for (an integration granted since the last heartbeat): the transfer retries, and finds the
     * folder there once the heartbeat is answered.
     */
    @WithDefault("2s")
    Duration refreshMinInterval();

    /** Limit of one call to integration-service or the token endpoint. */
    @WithDefault("10s")
    Duration callTimeout();

    /** How long shutdown waits for the deregistration before giving up (the registry times kernels out anyway). */
    @WithDefault("5s")
    Duration deregisterTimeout();
}

package dev.externalfiles.integration.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The kernel registry. */
@ConfigMapping(prefix = "external-files.kernels")
public interface KernelConfig {

    /** A kernel whose agent has not sent a heartbeat for this long is treated as gone. */
    @WithDefault("90s")
    Duration heartbeatTimeout();

    /**
     * Host names (regular expressions) an agent URL may name, e.g. {@code .*\\.kernels\\.svc\\.cluster\\.local};
     * empty allows any host. Production sets it, so an agent token cannot point transfers elsewhere.
     */
    java.util.Optional<java.util.List<String>> agentHosts();

    /** Allowed schemes of an agent URL. */
    @WithDefault("http,https")
    java.util.List<String> agentUrlSchemes();
}

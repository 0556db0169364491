package dev.externalfiles.watcher.config;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the agent keeps what it must remember across its own restarts: the known hash of every file. */
@ConfigMapping(prefix = "watcher.state")
public interface StateConfig {

    /**
     * Directory of the known-hash store; must outlive the agent's container but not the kernel
     * (e.g. an emptyDir volume of the pod). Never under the project directory.
     */
    @WithDefault("/var/lib/watcher-agent")
    Path dir();

    /** Journal entries after which the store is rewritten as one snapshot. */
    @WithDefault("10000")
    int compactAfter();
}

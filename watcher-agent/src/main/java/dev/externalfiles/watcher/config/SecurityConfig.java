package dev.externalfiles.watcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the file API. */
@ConfigMapping(prefix = "watcher.security")
public interface SecurityConfig {

    /** Realm role of the transfer-service's token; every other caller gets 403. */
    @WithDefault("transfer")
    String transferRole();
}

package dev.externalfiles.integration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of one import request. */
@ConfigMapping(prefix = "external-files.import")
public interface ImportConfig {

    /** Most objects one import request may bring in, counting folders expanded. */
    @WithDefault("1000")
    int maxObjects();

    /** Most keys plus prefixes named in one import request. */
    @WithDefault("200")
    int maxItems();
}

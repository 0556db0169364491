package dev.externalfiles.integration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The relay that publishes the transactional outbox to Kafka. */
@ConfigMapping(prefix = "external-files.outbox")
public interface OutboxConfig {

    /** Most outbox rows published in one round. */
    @WithDefault("200")
    int batchSize();

    /** Pause between rounds that look for events left behind (commits poke the relay at once). */
    @WithDefault("1s")
    java.time.Duration interval();
}

package dev.externalfiles.watcher.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where FileChanged events go. The broker itself is {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "watcher.publish")
public interface PublishConfig {

    /** Topic of FileChanged events. */
    @WithDefault("file-changes")
    String topic();

    /** How long shutdown waits for unacknowledged events before closing the producer. */
    @WithDefault("10s")
    Duration closeTimeout();
}

package dev.externalfiles.watcher.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How changes under the integration folders are seen and when a changed file counts as finished. */
@ConfigMapping(prefix = "watcher.watch")
public interface WatchConfig {

    /**
     * {@code auto} uses inotify where the kernel offers it and polls otherwise; {@code inotify}
     * fails start-up without it; {@code poll} always polls.
     */
    @WithDefault("auto")
    Mode mode();

    /**
     * A file seen changed without a close event (by a scan, or in poll mode) is published once
     * its size and mtime stayed the same for this long.
     */
    @WithDefault("300ms")
    Duration quietPeriod();

    /**
     * With inotify, a file written but not yet closed is published anyway once no write was seen
     * for this long (writers that keep a file open). Longer than a slow writer's pause between
     * chunks, so a file that will be closed is published once, after the close.
     */
    @WithDefault("10s")
    Duration openFileQuietPeriod();

    /** Time between two scans in poll mode. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Glob patterns of names (any path segment) that are never watched nor published: hidden and temporary files. */
    @WithDefault(".*,*~,*.tmp,*.part,*.swp,*.crdownload")
    List<String> ignore();

    /** Threads that hash and publish changed files (one file is never handled by two at once). */
    @WithDefault("2")
    int hashThreads();

    /** Wait before trying again to publish a change the broker did not acknowledge. */
    @WithDefault("5s")
    Duration retryInterval();

    /** How the agent learns about changes. */
    enum Mode {
        AUTO,
        INOTIFY,
        POLL
    }
}

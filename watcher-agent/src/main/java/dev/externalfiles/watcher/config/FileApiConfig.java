package dev.externalfiles.watcher.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the file API moves bytes between the transfer-service's requests and the disk. */
@ConfigMapping(prefix = "watcher.file-api")
public interface FileApiConfig {

    /**
     * A stored file is written in pieces of this size (one buffer of it per store in progress,
     * smaller for a smaller file). Every write is a system call and an inotify event that the
     * watcher reads and drops (the temporary file is hidden): 16,384 of each per GiB in 64 KiB
     * pieces, the size the body arrives in.
     */
    @WithDefault("256K")
    MemorySize writeChunk();

    /**
     * How many buffers of a stored body (each at most quarkus.http.limits.max-chunk-size, 64
     * KiB) the event loop may read ahead of the thread that writes them: 16 is 1 MiB per store
     * in progress. More is asked for once half of them were written, so the event loop does not
     * wait for the writer after every buffer (see ReadAheadBody). At least 2.
     */
    @WithDefault("16")
    int readAhead();

    /** A stored body that stops arriving for this long fails (and its connection is closed). */
    @WithDefault("60s")
    Duration bodyTimeout();
}

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
     * KiB) the event loop may read ahead of the thread that writes them: 8 is 512 KiB per store
     * in progress. More is asked for once half of them were written, so the event loop does not
     * wait for the writer after every buffer (see ReadAheadBody). At least 2. More means fewer
     * wake-ups but more full collections: buffers still queued when the 4 MiB young generation
     * is collected overflow its survivor space into the old one (agent-store, three 1 GiB stores
     * and a warm-up: 16 gave 46 full collections, 1.9 s, and 68,000 context switches; 8 gave 25,
     * 0.8 s, and 76,000; 4 gave 13, 0.4 s, and 111,000; RESTEasy's stream 179,000).
     */
    @WithDefault("8")
    int readAhead();

    /** A stored body that stops arriving for this long fails (and its connection is closed). */
    @WithDefault("60s")
    Duration bodyTimeout();
}

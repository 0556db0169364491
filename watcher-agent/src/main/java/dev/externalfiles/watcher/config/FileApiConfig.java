package dev.externalfiles.watcher.config;

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
}

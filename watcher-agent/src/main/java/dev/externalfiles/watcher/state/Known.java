package dev.externalfiles.watcher.state;

import dev.externalfiles.watcher.fs.FileStat;

/** The content hash the agent last published, stored or found for a file, and the file's stat at that time. */
public record Known(String sha256, FileStat stat) {
}

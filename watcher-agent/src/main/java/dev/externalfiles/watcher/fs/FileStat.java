package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What tells one version of a file from the next without reading it: size, modification time
 * to the nanosecond and inode (a rename into place brings a new inode even with the same
 * size and time).
 */
public record FileStat(long size, long mtimeNanos, long inode) {

    /** Reads the attributes of the entry itself; a symbolic link is described, never followed. */
    public static FileStat of(Path path) throws IOException {
        return of(Files.readAttributes(path, "unix:size,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS));
    }

    static FileStat of(Map<String, Object> attributes) {
        return new FileStat((Long) attributes.get("size"),
                ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), (Long) attributes.get("ino"));
    }

    public Instant mtime() {
        return Instant.ofEpochSecond(Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L));
    }
}

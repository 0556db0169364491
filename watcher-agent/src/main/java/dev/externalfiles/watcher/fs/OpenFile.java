package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.jna.LastErrorException;

/**
 * A regular file opened without following links, with a JDK channel on it. The channel is
 * opened through {@code /proc/self/fd/N}, which reaches the very inode the descriptor holds,
 * whatever its path has become since.
 */
public final class OpenFile implements AutoCloseable {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private final LibC c;
    private final int fd;
    private final Path proc;
    private final FileChannel channel;

    private OpenFile(LibC c, int fd, Path proc, FileChannel channel) {
        this.c = c;
        this.fd = fd;
        this.proc = proc;
        this.channel = channel;
    }

    static OpenFile wrap(LibC c, int fd, String name, StandardOpenOption mode) throws Refused {
        Path proc = Path.of("/proc/self/fd/" + fd);
        try {
            int type = (Integer) Files.getAttribute(proc, "unix:mode") & S_IFMT;
            if (type != S_IFREG) {
                throw new Refused(Refused.Reason.NOT_A_FILE, "'" + name + "' is not a regular file");
            }
            return new OpenFile(c, fd, proc, Dir.reopen(fd, mode));
        } catch (Refused e) {
            c.close(fd);
            throw e;
        } catch (IOException | RuntimeException e) {
            c.close(fd);
            throw new Refused(Refused.Reason.FAILED, "'" + name + "': " + e.getMessage());
        }
    }

    public FileChannel channel() {
        return channel;
    }

    /**
     * {@code /proc/self/fd/N}: a path that opens this very inode, not whatever the file's name
     * names now, for as long as this file is open.
     */
    public Path procPath() {
        return proc;
    }

    /**
     * Asks the kernel to start writing a range of this file to disk now, without waiting; a
     * later {@code force} then finds little left to write. Only a hint: a failure changes nothing
     * (the force that follows still makes the file durable or fails).
     */
    public void startWriteback(long offset, long length) {
        try {
            c.sync_file_range(fd, offset, length, LibC.SYNC_FILE_RANGE_WRITE);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            // Not supported here (some file systems refuse it): the final force does all the work.
        }
    }

    /** Size, mtime and inode of the open file (not of whatever its path names now). */
    public FileStat stat() throws IOException {
        return FileStat.of(Files.readAttributes(proc, "unix:size,lastModifiedTime,ino"));
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            try {
                c.close(fd);
            } catch (LastErrorException e) {
                // The JDK channel carried every write and is closed; this descriptor only held the inode.
            }
        }
    }
}

package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.jna.LastErrorException;

/**
 * An open folder below the project directory. Names given to it are single entries of this
 * folder, resolved without following links; the folder stays the same one even if its path
 * is renamed or replaced meanwhile.
 */
public final class Dir implements AutoCloseable {

    private final LibC c;
    private final int fd;

    Dir(LibC c, int fd) {
        this.c = c;
        this.fd = fd;
    }

    /** Opens a regular file of this folder for reading; a link, folder, pipe or device is refused. */
    public OpenFile open(String name) throws Refused {
        int file;
        try {
            // O_NONBLOCK: opening a pipe someone planted must not hang; regular files ignore it.
            file = c.openat(fd, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw SafeFiles.refusal(e, name);
        }
        return OpenFile.wrap(c, file, name, StandardOpenOption.READ);
    }

    /** Creates a new regular file of this folder (never an existing one, never through a link) for writing. */
    public OpenFile create(String name) throws Refused {
        int file;
        try {
            file = c.openat(fd, name, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0666);
        } catch (LastErrorException e) {
            throw SafeFiles.refusal(e, name);
        }
        return OpenFile.wrap(c, file, name, StandardOpenOption.WRITE);
    }

    /** Renames an entry of this folder over another one atomically (a link at the target is replaced, not followed). */
    public void rename(String from, String to) throws Refused {
        try {
            c.renameat(fd, from, fd, to);
        } catch (LastErrorException e) {
            throw SafeFiles.refusal(e, to);
        }
    }

    /** Removes a file of this folder if it is there. */
    public void unlinkQuietly(String name) {
        try {
            c.unlinkat(fd, name, 0);
        } catch (LastErrorException e) {
            // Already gone, or never made: nothing to clean.
        }
    }

    /** Makes the folder's entries (a rename into it) durable. */
    public void sync() throws IOException {
        try {
            c.fsync(fd);
        } catch (LastErrorException e) {
            throw new IOException("fsync of a folder failed: error " + e.getErrorCode());
        }
    }

    @Override
    public void close() {
        try {
            c.close(fd);
        } catch (LastErrorException e) {
            // A close error on a folder opened read-only loses nothing.
        }
    }

    static FileChannel reopen(int fd, StandardOpenOption mode) throws IOException {
        return FileChannel.open(Path.of("/proc/self/fd/" + fd), mode);
    }
}

package dev.externalfiles.watcher.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import dev.externalfiles.watcher.fs.LibC;

/**
 * A Linux inotify instance: the one kernel interface that reports the close of a file written
 * ({@code IN_CLOSE_WRITE}); the JDK's WatchService only sees modifications. Reads block in
 * {@code poll} on the inotify descriptor and an eventfd, so {@link #wakeup()} ends a read at once.
 */
final class Inotify implements AutoCloseable {

    static final int IN_MODIFY = 0x2;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x1000000;
    static final int IN_DONT_FOLLOW = 0x2000000;
    static final int IN_EXCL_UNLINK = 0x4000000;
    static final int IN_ISDIR = 0x40000000;

    /** What a watched folder reports: closes, moves, creations (folders to watch), writes (open writers), removals. */
    static final int FOLDER_EVENTS = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;

    private static final int HEADER = 16;
    private static final int BUFFER = 64 * 1024;

    private final LibC c;
    private final int fd;
    private final int wake;
    private final Memory buffer = new Memory(BUFFER);
    private final Memory pollFds = new Memory(16);

    private Inotify(LibC c, int fd, int wake) {
        this.c = c;
        this.fd = fd;
        this.wake = wake;
    }

    /** Opens an instance, or fails if this kernel or sandbox has none (or the per-user limit is reached). */
    static Inotify open() throws IOException {
        LibC c = LibC.load().orElseThrow(() -> new IOException("no libc binding on this platform"));
        try {
            int fd = c.inotify_init1(LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            int wake;
            try {
                wake = c.eventfd(0, LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            } catch (LastErrorException e) {
                c.close(fd);
                throw e;
            }
            return new Inotify(c, fd, wake);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("inotify is not available: " + e.getMessage());
        }
    }

    /** Watches a folder (never through a link); answers the watch descriptor, the same one for the same folder. */
    int addWatch(Path folder) throws WatchFailed {
        try {
            return c.inotify_add_watch(fd, folder.toString(), FOLDER_EVENTS);
        } catch (LastErrorException e) {
            throw new WatchFailed(e.getErrorCode());
        }
    }

    void removeWatch(int wd) {
        try {
            c.inotify_rm_watch(fd, wd);
        } catch (LastErrorException e) {
            // Already gone with its folder.
        }
    }

    /** Waits for events; answers null once {@link #wakeup()} was called. */
    List<Event> read() throws IOException {
        while (true) {
            pollFds.setInt(0, fd);
            pollFds.setShort(4, (short) LibC.POLLIN);
            pollFds.setShort(6, (short) 0);
            pollFds.setInt(8, wake);
            pollFds.setShort(12, (short) LibC.POLLIN);
            pollFds.setShort(14, (short) 0);
            try {
                c.poll(pollFds, new NativeLong(2), -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                throw new IOException("poll failed: error " + e.getErrorCode());
            }
            if (pollFds.getShort(14) != 0) {
                return null;
            }
            long n;
            try {
                n = c.read(fd, buffer, new NativeLong(BUFFER)).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                throw new IOException("reading inotify events failed: error " + e.getErrorCode());
            }
            List<Event> events = new ArrayList<>();
            long offset = 0;
            while (offset + HEADER <= n) {
                int wd = buffer.getInt(offset);
                int mask = buffer.getInt(offset + 4);
                int length = buffer.getInt(offset + 12);
                String name = length > 0 ? buffer.getString(offset + HEADER, StandardCharsets.UTF_8.name()) : "";
                events.add(new Event(wd, mask, name));
                offset += HEADER + length;
            }
            return events;
        }
    }

    /** Makes a blocked or the next {@link #read()} answer null. */
    void wakeup() {
        Memory one = new Memory(8);
        one.setLong(0, 1);
        try {
            c.write(wake, one, new NativeLong(8));
        } catch (LastErrorException e) {
            // The counter is already non-zero: the reader wakes anyway.
        }
    }

    @Override
    public void close() {
        try {
            c.close(fd);
            c.close(wake);
        } catch (LastErrorException e) {
            // Closing at shutdown: nothing left to lose.
        }
    }

    /** One inotify event: the watch it came from, what happened, and the entry's name in that folder. */
    record Event(int wd, int mask, String name) {
        boolean is(int bits) {
            return (mask & bits) != 0;
        }
    }

    /** inotify_add_watch failed, with errno. */
    static final class WatchFailed extends Exception {
        final int errno;

        WatchFailed(int errno) {
            super("inotify_add_watch failed: error " + errno);
            this.errno = errno;
        }
    }
}

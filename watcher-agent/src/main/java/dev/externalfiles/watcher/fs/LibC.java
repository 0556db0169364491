package dev.externalfiles.watcher.fs;

import java.util.Map;
import java.util.Optional;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few Linux libc calls the agent needs and the JDK does not offer: inotify, and
 * {@code openat}-style calls that resolve a path one component at a time without following a
 * symbolic link. Names are passed as UTF-8, like the JDK does under a UTF-8 locale.
 */
public interface LibC extends Library {

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0x40;
    int O_EXCL = 0x80;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int O_PATH = 0x200000;
    /** Differs between x86_64 (asm-generic) and aarch64. */
    int O_DIRECTORY = Platform.isARM() ? 0x4000 : 0x10000;
    /** Differs between x86_64 (asm-generic) and aarch64. */
    int O_NOFOLLOW = Platform.isARM() ? 0x8000 : 0x20000;

    int ENOENT = 2;
    int EINTR = 4;
    int EAGAIN = 11;
    int EEXIST = 17;
    int ENOTDIR = 20;
    int EISDIR = 21;
    int ENOSPC = 28;
    int ENAMETOOLONG = 36;
    int ELOOP = 40;

    int POLLIN = 0x1;

    int open(String path, int flags, int mode) throws LastErrorException;

    int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    int renameat(int olddirfd, String oldpath, int newdirfd, String newpath) throws LastErrorException;

    int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    int fsync(int fd) throws LastErrorException;

    /** Starts writing back the dirty pages of a range of the file, without waiting for them. */
    int SYNC_FILE_RANGE_WRITE = 2;

    int sync_file_range(int fd, long offset, long nbytes, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int inotify_init1(int flags) throws LastErrorException;

    int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

    int inotify_rm_watch(int fd, int wd) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeout) throws LastErrorException;

    /**
     * The binding, when this is 64-bit Linux on x86_64 or aarch64 (the flag values above are
     * those two's); empty elsewhere, and the agent then polls and checks paths in Java.
     */
    static Optional<LibC> load() {
        return Holder.INSTANCE;
    }

    /** Loads libc once, lazily. */
    final class Holder {
        private static final Optional<LibC> INSTANCE = tryLoad();

        private Holder() {
        }

        private static Optional<LibC> tryLoad() {
            if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
                return Optional.empty();
            }
            try {
                return Optional.of(Native.load("c", LibC.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8")));
            } catch (UnsatisfiedLinkError e) {
                return Optional.empty();
            }
        }
    }
}

package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.sun.jna.LastErrorException;

/**
 * Every byte the agent reads or writes under the kernel's project directory goes through here.
 * Paths are resolved one component at a time with {@code openat(O_NOFOLLOW)}, so a symbolic link
 * anywhere below the project directory, planted before or swapped in during the call, is never
 * followed, and nothing outside the directory is ever opened. (Checking a path first and opening
 * it afterwards would leave a window in which the notebook could swap a folder for a link.)
 */
public final class SafeFiles {

    private final LibC c;
    private final Path root;

    /** @param projectDir the kernel's project directory; the operator's choice, so it may itself be reached through links */
    public SafeFiles(Path projectDir) throws IOException {
        this.c = LibC.load().orElseThrow(() -> new IllegalStateException(
                "watcher-agent needs 64-bit Linux (x86_64 or aarch64) for no-follow file access"));
        this.root = projectDir.toRealPath();
    }

    /** The project directory with every link in its own path resolved. */
    public Path root() {
        return root;
    }

    /** Opens the folder at {@code segments} below the project directory, creating missing folders when asked. */
    public Dir dir(List<String> segments, boolean create) throws Refused {
        int fd = call(() -> c.open(root.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0), "(project)");
        try {
            for (String segment : segments) {
                int parent = fd;
                fd = create ? openOrCreate(parent, segment) : openDir(parent, segment);
                c.close(parent);
            }
            return new Dir(c, fd);
        } catch (Refused | RuntimeException e) {
            c.close(fd);
            throw e;
        }
    }

    /** Opens the regular file at {@code segments} below the project directory for reading. */
    public OpenFile open(List<String> segments) throws Refused {
        try (Dir dir = dir(segments.subList(0, segments.size() - 1), false)) {
            return dir.open(segments.get(segments.size() - 1));
        }
    }

    private int openDir(int parent, String segment) throws Refused {
        return call(() -> c.openat(parent, segment, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0),
                segment);
    }

    /**
     * Opens a folder, making it first only if it is missing: a stored file's folders almost always
     * exist, and a mkdirat that fails with EEXIST costs a system call and a thrown exception per
     * folder (a few per cent of the agent's CPU while small files were imported).
     */
    private int openOrCreate(int parent, String segment) throws Refused {
        try {
            return openDir(parent, segment);
        } catch (Refused absent) {
            if (absent.reason() != Refused.Reason.ABSENT) {
                throw absent;
            }
        }
        try {
            c.mkdirat(parent, segment, 0777);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LibC.EEXIST) { // made meanwhile by another store: fine
                throw refusal(e, segment);
            }
        }
        return openDir(parent, segment);
    }

    private int call(NativeCall call, String name) throws Refused {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw refusal(e, name);
        }
    }

    static Refused refusal(LastErrorException e, String name) {
        return switch (e.getErrorCode()) {
            case LibC.ENOENT -> new Refused(Refused.Reason.ABSENT, "'" + name + "' does not exist");
            case LibC.ELOOP, LibC.ENOTDIR -> new Refused(Refused.Reason.NOT_FOLLOWED,
                    "'" + name + "' is a symbolic link or not a folder");
            case LibC.EISDIR -> new Refused(Refused.Reason.IS_A_FOLDER, "'" + name + "' is a folder");
            case LibC.ENAMETOOLONG -> new Refused(Refused.Reason.NAME_TOO_LONG, "'" + name + "' is too long");
            default -> new Refused(Refused.Reason.FAILED, "'" + name + "': error " + e.getErrorCode());
        };
    }

    @FunctionalInterface
    interface NativeCall {
        int run() throws LastErrorException;
    }
}

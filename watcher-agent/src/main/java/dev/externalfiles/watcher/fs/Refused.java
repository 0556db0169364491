package dev.externalfiles.watcher.fs;

import java.io.IOException;

/** The filesystem refused to give access below the project directory, and why. */
public class Refused extends IOException {

    /** Why access was refused. */
    public enum Reason {
        /** Nothing of that name. */
        ABSENT,
        /** A component is a symbolic link, or a file where a folder was needed. */
        NOT_FOLLOWED,
        /** The entry is not a regular file (a folder, a pipe, a device). */
        NOT_A_FILE,
        /** The target name is taken by a folder. */
        IS_A_FOLDER,
        /** A name too long for the filesystem. */
        NAME_TOO_LONG,
        /** Any other error of the operating system. */
        FAILED
    }

    private final Reason reason;

    public Refused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

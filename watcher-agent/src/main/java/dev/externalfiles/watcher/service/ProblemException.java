package dev.externalfiles.watcher.service;

/**
 * An error the caller caused or must know about, with what problem+json needs; each kind is a
 * subclass with a name, mapped once in the REST layer.
 */
public abstract class ProblemException extends RuntimeException {

    private final String type;
    private final String title;
    private final int status;
    private final String field;

    protected ProblemException(String type, String title, int status, String detail, String field) {
        super(detail);
        this.type = type;
        this.title = title;
        this.status = status;
        this.field = field;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public String field() {
        return field;
    }

    /** No integration folder of that slug for this kernel (unknown, or revoked). */
    public static class UnknownIntegration extends ProblemException {
        public UnknownIntegration(String slug) {
            super("unknown-integration", "Unknown integration", 404,
                    "This kernel has no integration folder with slug '" + slug + "'", "slug");
        }
    }

    /** No regular file there that the agent may serve (absent, a folder, or reached through a link). */
    public static class FileNotFound extends ProblemException {
        public FileNotFound(String path) {
            super("file-not-found", "File not found", 404, "No regular file at '" + path + "'", "path");
        }
    }

    /** A path that could leave the folder or that the filesystem cannot hold. */
    public static class InvalidPath extends ProblemException {
        public InvalidPath(String detail) {
            super("invalid-path", "Invalid path", 400, "The path is refused: " + detail, "path");
        }
    }

    /** A request header of the wrong form. */
    public static class InvalidHeader extends ProblemException {
        public InvalidHeader(String header, String detail) {
            super("invalid-header", "Invalid header", 400, "'" + header + "' " + detail, header);
        }
    }

    /** The filesystem's state prevents the write (a folder in the way, a link on the path). */
    public static class PathConflict extends ProblemException {
        public PathConflict(String detail) {
            super("path-conflict", "Path conflict", 409, detail, "path");
        }
    }

    /** The file is being written while it is read; the caller should come back after the next event. */
    public static class FileChanging extends ProblemException {
        public FileChanging(String path) {
            super("file-changing", "File changing", 409, "'" + path + "' changed while it was read", "path");
        }
    }

    /** The file is no longer the version the caller asked for (If-Match). */
    public static class Superseded extends ProblemException {
        public Superseded(String path, String current) {
            super("superseded", "Precondition failed", 412,
                    "'" + path + "' no longer has the requested sha256; it now has " + current, "If-Match");
        }
    }

    /** The bytes received are not those announced; nothing was stored. */
    public static class ContentMismatch extends ProblemException {
        public ContentMismatch(String field, String detail) {
            super("content-mismatch", "Content mismatch", 422, detail + "; nothing was stored", field);
        }
    }

    /** The body broke off or stopped arriving (408) before it ended: nothing was stored. */
    public static class IncompleteBody extends ProblemException {
        public IncompleteBody(String detail, boolean timedOut) {
            super("incomplete-body", timedOut ? "Request timeout" : "Incomplete body", timedOut ? 408 : 400,
                    detail + "; nothing was stored", null);
        }
    }
}

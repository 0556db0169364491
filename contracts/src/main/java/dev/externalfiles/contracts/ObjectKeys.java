package dev.externalfiles.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides whether an object key can become a file under the integration's folder. A key that
 * could land outside the folder, or that a filesystem cannot hold, is refused, never rewritten.
 */
public final class ObjectKeys {

    /** Linux NAME_MAX. */
    static final int MAX_SEGMENT_BYTES = 255;
    /** S3's own limit on a key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    /** Why a key cannot be imported. */
    public enum Refusal {
        EMPTY("the key is empty"),
        FOLDER_MARKER("the key is a folder marker (ends with '/')"),
        ABSOLUTE("the key starts with '/'"),
        BACKSLASH("the key contains a backslash"),
        CONTROL_CHARACTER("the key contains NUL or a control character"),
        DOT_SEGMENT("the key has a '.' or '..' segment"),
        EMPTY_SEGMENT("the key has an empty segment ('//')"),
        SEGMENT_TOO_LONG("a segment of the key is longer than 255 bytes"),
        KEY_TOO_LONG("the key is longer than 1024 bytes"),
        OUTSIDE_ROOT_PREFIX("the key is outside the integration's root prefix");

        public final String description;

        Refusal(String description) {
            this.description = description;
        }
    }

    private ObjectKeys() {
    }

    /** Why the path (a key relative to the integration's root prefix) is unsafe, if it is. */
    public static Optional<Refusal> refusalFor(String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            return Optional.of(Refusal.EMPTY);
        }
        if (relativePath.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of(Refusal.KEY_TOO_LONG);
        }
        if (relativePath.endsWith("/")) {
            return Optional.of(Refusal.FOLDER_MARKER);
        }
        if (relativePath.startsWith("/")) {
            return Optional.of(Refusal.ABSOLUTE);
        }
        if (relativePath.indexOf('\\') >= 0) {
            return Optional.of(Refusal.BACKSLASH);
        }
        for (int i = 0; i < relativePath.length(); i++) {
            char c = relativePath.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(Refusal.CONTROL_CHARACTER);
            }
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of(Refusal.EMPTY_SEGMENT);
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of(Refusal.DOT_SEGMENT);
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return Optional.of(Refusal.SEGMENT_TOO_LONG);
            }
        }
        return Optional.empty();
    }

    /** Why the full object key cannot be imported under the given root prefix, if it cannot. */
    public static Optional<Refusal> refusalFor(String key, String rootPrefix) {
        if (key == null || !key.startsWith(rootPrefix)) {
            return Optional.of(Refusal.OUTSIDE_ROOT_PREFIX);
        }
        return refusalFor(key.substring(rootPrefix.length()));
    }

    /** The file's path relative to the integration folder; call only for a safe key. */
    public static String relativePath(String key, String rootPrefix) {
        return key.substring(rootPrefix.length());
    }
}

package dev.externalfiles.watcher.fs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.externalfiles.contracts.ObjectKeys;

/**
 * A path below an integration folder that can only mean a file inside it: '/'-separated
 * segments, none empty, none '.' or '..', no backslash, NUL or control character, no segment
 * over 255 bytes. The same rule as for object keys ({@link ObjectKeys}), so what the agent
 * publishes can come back as an import.
 */
public record RelativePath(List<String> segments) {

    public RelativePath {
        segments = List.copyOf(segments);
    }

    /** Checks a '/'-separated path. */
    public static RelativePath of(String path) throws UnsafePath {
        var refusal = ObjectKeys.refusalFor(path);
        if (refusal.isPresent()) {
            throw new UnsafePath(refusal.get().description.replace("the key", "the path"));
        }
        return new RelativePath(List.of(path.split("/", -1)));
    }

    /**
     * Checks a path as it appears in a URL: segments percent-encoded one by one. A '/' encoded
     * inside a segment names no file (a name cannot hold it), so it is refused, not split.
     */
    public static RelativePath ofEncoded(String raw) throws UnsafePath {
        if (raw == null || raw.isEmpty()) {
            throw new UnsafePath("the path is empty");
        }
        List<String> decoded = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            String name = decode(segment);
            if (name.indexOf('/') >= 0) {
                throw new UnsafePath("a segment of the path contains an encoded '/'");
            }
            decoded.add(name);
        }
        return of(String.join("/", decoded));
    }

    /** The file's own name. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    /** The folders above the file, outermost first. */
    public List<String> parent() {
        return segments.subList(0, segments.size() - 1);
    }

    /** A path further down. */
    public RelativePath resolve(String name) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(name);
        return new RelativePath(longer);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    private static String decode(String segment) throws UnsafePath {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            int c = segment.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c) - 1;
                continue;
            }
            if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                    || Character.digit(segment.charAt(i + 2), 16) < 0) {
                throw new UnsafePath("the path has a malformed percent-encoding");
            }
            bytes.write(Character.digit(segment.charAt(i + 1), 16) * 16 + Character.digit(segment.charAt(i + 2), 16));
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnsafePath("the path is not UTF-8 once decoded");
        }
    }

    /** A path that could leave its folder or that no filesystem can hold. */
    public static class UnsafePath extends Exception {
        public UnsafePath(String message) {
            super(message);
        }
    }
}

package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, computed while reading, never over a whole file held in memory. */
public final class Sha256 {

    private static final int CHUNK = 64 * 1024;
    /** One buffer per hashing thread: thousands of small files should not mean thousands of 64 KiB allocations. */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(CHUNK));

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hashes the channel from its start to its end. */
    public static String of(FileChannel channel) throws IOException {
        MessageDigest digest = digest();
        ByteBuffer buffer = BUFFER.get();
        buffer.clear();
        long position = 0;
        int read;
        while ((read = channel.read(buffer, position)) >= 0) {
            position += read;
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
        return hex(digest);
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether the text is a sha256 in hex (either case). */
    public static boolean isHex(String text) {
        return text != null && text.length() == 64 && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }
}

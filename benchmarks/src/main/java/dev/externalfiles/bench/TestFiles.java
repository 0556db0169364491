package dev.externalfiles.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Files of pseudo-random bytes (nothing a store could compress or deduplicate) and their sha256. */
final class TestFiles {

    private static final int BUFFER = 1 << 20;

    private TestFiles() {
    }

    /** Writes {@code size} pseudo-random bytes to {@code file}; answers their sha256 (lower-case hex). */
    static String random(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                buffer.clear();
                while (buffer.remaining() >= Long.BYTES) {
                    buffer.putLong(random.nextLong());
                }
                int n = (int) Math.min(left, BUFFER - buffer.remaining());
                digest.update(buffer.array(), 0, n);
                out.write(buffer.array(), 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

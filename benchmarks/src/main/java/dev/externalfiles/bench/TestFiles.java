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

/** Files of pseudo-random bytes (nothing a store could compress or deduplicate), their sha256, and the disk settled between cases. */
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

    /** Fails unless {@code file} holds the bytes whose sha256 is given; then deletes it (copies are large). */
    static void requireSameThenDelete(Path file, String sha256) throws IOException {
        requireSha256(sha256(file), sha256, file.toString());
        Files.delete(file);
    }

    /** Fails unless what was copied ({@code what}: a file, an object) has the source's sha256. */
    static void requireSha256(String actual, String expected, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " does not hold the source's bytes: sha256 " + actual);
        }
    }

    /**
     * Writes every dirty page back ({@code sync}) so that the case timed next starts with nothing
     * left for the kernel to write back: no case pays for flushing the gigabyte or two the one
     * before it wrote (S3Proxy's parts and the object it assembles from them, or a downloaded or
     * stored file), and the file an export is timed on is on disk, as the baselines' source file
     * is. It evens the start; it does not make S3Proxy's final assembly of the parts steady: that
     * took 3 to 6 s per GiB here, run after run, with or without it.
     */
    static void settleDisk() throws IOException {
        try {
            int exit = new ProcessBuilder("sync").inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("sync exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sync", e);
        }
    }
}

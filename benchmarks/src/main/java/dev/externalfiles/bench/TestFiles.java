package dev.externalfiles.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
     * Leaves at least {@code bytes} of free memory that this machine has already touched, for
     * the case timed next to write its files into: writes a scratch file of that size into
     * {@code dir} without syncing it and deletes it, which hands its page-cache pages back
     * unwritten. This machine is a Firecracker guest whose host backs guest memory on first touch
     * and takes freed memory back within a minute or so: writing 1 GiB into pages never touched
     * before cost 3.9-5.6 s of dd with fsync here, into recycled ones 0.9-1.0 s, and the guest
     * kernel's copy into fresh pages was two thirds of the watcher-agent's request thread while
     * it stored 1 GiB (async-profiler). Which case got recycled pages then depended on the order
     * the cases ran in, not on the software. Every timed case, ours and the baselines', now
     * starts after the same preparation.
     */
    private static void recycleMemory(Path dir, long bytes) throws IOException {
        Files.createDirectories(dir);
        Path scratch = dir.resolve(".recycled-memory");
        ByteBuffer zeros = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel out = FileChannel.open(scratch, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += BUFFER) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    out.write(zeros);
                }
            }
        } finally {
            Files.deleteIfExists(scratch);
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

    /** What every timed case of the large-file benchmarks starts with: {@link #settleDisk}, then {@link #recycleMemory}. */
    static void startCase(Path dir, long writes) throws IOException {
        settleDisk();
        recycleMemory(dir, writes);
    }
}

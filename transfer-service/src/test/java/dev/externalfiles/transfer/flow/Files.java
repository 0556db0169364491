package dev.externalfiles.transfer.flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Files the way a notebook writes them, and their sha256 and CRC32C. */
final class Files {

    private Files() {
    }

    /** Writes {@code size} pseudo-random bytes in 1 MiB chunks: one open, many writes, one close. */
    static Path write(Path file, long size, long seed) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    static Path write(Path file, String text) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, text);
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's CRC32C in the form FileChanged carries it. */
    static String crc32c(Path file) throws IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        return dev.externalfiles.contracts.Crc32c.of(bytes, 0, bytes.length);
    }

    static String sha256OrNull(Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file) ? sha256(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}

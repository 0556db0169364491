package dev.externalfiles.watcher.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import dev.externalfiles.contracts.Crc32c;

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
        read(channel, digest::update);
        return hex(digest);
    }

    /** The sha256 and the CRC32C of a file's content, from one read of it. */
    public record WithCrc32c(String sha256, String crc32c) {
    }

    /** The SHA-256 and the CRC32C of bytes fed in order. */
    public static final class Checksums {
        private final MessageDigest digest = digest();
        private final CRC32C crc = new CRC32C();

        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            crc.update(bytes, offset, length);
        }

        /** Both, of every byte fed so far; once. */
        public WithCrc32c result() {
            return new WithCrc32c(hex(digest), Crc32c.hex(crc));
        }
    }

    /** Hashes the channel from its start to its end, and checksums it with CRC32C in the same pass. */
    public static WithCrc32c withCrc32c(FileChannel channel) throws IOException {
        Checksums checksums = new Checksums();
        read(channel, checksums::update);
        return checksums.result();
    }

    /** Where the pieces of a read go, in order. */
    private interface Pieces {
        void update(byte[] bytes, int offset, int length);
    }

    private static void read(FileChannel channel, Pieces pieces) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        buffer.clear();
        long position = 0;
        int read;
        while ((read = channel.read(buffer, position)) >= 0) {
            position += read;
            pieces.update(buffer.array(), 0, read);
            buffer.clear();
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether the text is a sha256 in hex (either case). */
    public static boolean isHex(String text) {
        return text != null && text.length() == 64 && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }
}

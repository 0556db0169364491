package dev.externalfiles.transfer.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Streaming sha256 in lower-case hex, the form every service uses for a file's content. */
public final class Sha256 {

    private final MessageDigest digest;

    public Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String of(byte[] bytes) {
        Sha256 sha = new Sha256();
        sha.update(bytes);
        return sha.hex();
    }

    public void update(byte[] bytes) {
        digest.update(bytes);
    }

    /** The first {@code length} bytes of {@code bytes}. */
    public void update(byte[] bytes, int length) {
        digest.update(bytes, 0, length);
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static boolean isHex(String value) {
        return value != null && value.matches("[0-9a-f]{64}");
    }

    /** Wraps a stream so that reading it hashes and counts what passes, reporting the count. */
    public static final class Counting extends FilterInputStream {
        private final MessageDigest digest;
        private final LongConsumer progress;
        private long count;

        public Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.digest = new Sha256().digest;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
                progress.accept(count);
            }
            return n;
        }

        public long count() {
            return count;
        }

        public String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}

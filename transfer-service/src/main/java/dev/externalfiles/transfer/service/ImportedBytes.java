package dev.externalfiles.transfer.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * The object's bytes on their way to the agent: counted (reported as progress), checksummed
 * with CRC32C and, when {@link ImportCheck} asks for it, hashed with SHA-256 as well.
 */
public final class ImportedBytes extends FilterInputStream {

    private final Checksums checksums;
    private final LongConsumer progress;
    private long count;

    ImportedBytes(InputStream in, boolean hashSha256, LongConsumer progress) {
        super(in);
        this.checksums = new Checksums(true, hashSha256);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            checksums.update(b);
            passed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            checksums.update(buffer, offset, n);
            passed(n);
        }
        return n;
    }

    private void passed(int length) {
        count += length;
        progress.accept(count);
    }

    public long count() {
        return count;
    }

    public String crc32c() {
        return checksums.crc32c();
    }

    public boolean hashedSha256() {
        return checksums.hasSha256();
    }

    /** The sha256 of what passed; only if {@link #hashedSha256()}, and once. */
    public String sha256() {
        return checksums.sha256();
    }
}

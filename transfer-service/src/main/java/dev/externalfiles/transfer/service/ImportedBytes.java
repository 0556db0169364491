package dev.externalfiles.transfer.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

import dev.externalfiles.contracts.Crc32c;

/**
 * The object's bytes on their way to the agent: counted (reported as progress), checksummed
 * with CRC32C and, when {@link ImportCheck} asks for it, hashed with SHA-256 as well.
 */
public final class ImportedBytes extends FilterInputStream {

    private final CRC32C crc = new CRC32C();
    private final Sha256 sha256;
    private final LongConsumer progress;
    private long count;

    ImportedBytes(InputStream in, boolean hashSha256, LongConsumer progress) {
        super(in);
        this.sha256 = hashSha256 ? new Sha256() : null;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            byte[] one = { (byte) b };
            passed(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            passed(buffer, offset, n);
        }
        return n;
    }

    private void passed(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
        if (sha256 != null) {
            sha256.update(bytes, offset, length);
        }
        count += length;
        progress.accept(count);
    }

    public long count() {
        return count;
    }

    public String crc32c() {
        return Crc32c.hex(crc);
    }

    public boolean hashedSha256() {
        return sha256 != null;
    }

    /** The sha256 of what passed; only if {@link #hashedSha256()}, and once. */
    public String sha256() {
        return sha256.hex();
    }
}

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
            crc.update(b);
            if (sha256 != null) {
                sha256.update((byte) b);
            }
            passed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            crc.update(buffer, offset, n);
            if (sha256 != null) {
                sha256.update(buffer, offset, n);
            }
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

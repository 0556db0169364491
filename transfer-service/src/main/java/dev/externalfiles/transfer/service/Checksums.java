package dev.externalfiles.transfer.service;

import java.util.zip.CRC32C;

import dev.externalfiles.contracts.Crc32c;

/**
 * The CRC32C and the SHA-256 of bytes fed in order, each computed only if asked for: what an
 * export ({@link ExpectedContent}) and an import ({@link ImportedBytes}) check the bytes they move
 * with.
 */
final class Checksums {

    private final CRC32C crc;
    private final Sha256 sha256;

    Checksums(boolean crc32c, boolean sha256) {
        this.crc = crc32c ? new CRC32C() : null;
        this.sha256 = sha256 ? new Sha256() : null;
    }

    void update(int b) {
        if (crc != null) {
            crc.update(b);
        }
        if (sha256 != null) {
            sha256.update((byte) b);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        if (crc != null) {
            crc.update(bytes, offset, length);
        }
        if (sha256 != null) {
            sha256.update(bytes, offset, length);
        }
    }

    boolean hasSha256() {
        return sha256 != null;
    }

    /** The CRC32C in {@link Crc32c}'s form; only if asked for. */
    String crc32c() {
        return Crc32c.hex(crc);
    }

    /** The sha256 in hex; only if asked for, and once. */
    String sha256() {
        return sha256.hex();
    }
}

package dev.externalfiles.contracts;

import java.util.zip.CRC32C;

/**
 * A file's CRC32C as {@link FileChanged} and the agent's answer to a stored file carry it: the
 * unsigned 32-bit value in eight lower-case hex digits. It lets the transfer-service check the
 * bytes it moves between the agent and the bucket for about a fifteenth of the CPU of hashing
 * them again with SHA-256 (the JDK computes both with CPU instructions); it detects a file changed
 * while read or bytes damaged on the way, not a forgery, which the agent's sha256 is for
 * (docs/architecture.md, departures 17 and 18).
 */
public final class Crc32c {

    private Crc32c() {
    }

    public static String hex(CRC32C crc) {
        return "%08x".formatted(crc.getValue());
    }

    public static String of(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return hex(crc);
    }

    /** Whether the text is a CRC32C in this form (eight lower-case hex digits). */
    public static boolean isHex(String text) {
        return text != null && text.length() == 8
                && text.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f');
    }
}

package dev.externalfiles.transfer.service;

import java.util.zip.CRC32C;

import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.contracts.FileChanged;

/**
 * The content an export must read from the agent: the event's sha256 (recorded on the object) and,
 * from agents that send it, its CRC32C. The bytes read are checked against the CRC32C when there
 * is one (it catches a file changed while read for about a fifteenth of the CPU of a second
 * SHA-256 over it, docs/architecture.md departure 17), else against the sha256.
 */
public record ExpectedContent(String sha256, String crc32c) {

    /** The event's content; a crc32c not in {@link Crc32c}'s form is left out (the sha256 is checked instead). */
    public static ExpectedContent of(FileChanged event) {
        return new ExpectedContent(event.sha256(), Crc32c.isHex(event.crc32c()) ? event.crc32c() : null);
    }

    /** A check of bytes as they are read, in order. */
    public Check check() {
        return new Check();
    }

    /** Whether the first {@code length} bytes of {@code bytes} are this content. */
    public boolean matches(byte[] bytes, int length) {
        Check check = check();
        check.update(bytes, length);
        return check.matches();
    }

    public final class Check {
        private final CRC32C crc = crc32c == null ? null : new CRC32C();
        private final Sha256 digest = crc32c == null ? new Sha256() : null;

        private Check() {
        }

        /** The first {@code length} bytes of {@code bytes}. */
        public void update(byte[] bytes, int length) {
            if (crc != null) {
                crc.update(bytes, 0, length);
            } else {
                digest.update(bytes, length);
            }
        }

        public boolean matches() {
            return crc != null ? Crc32c.hex(crc).equals(crc32c) : digest.hex().equals(sha256);
        }
    }
}

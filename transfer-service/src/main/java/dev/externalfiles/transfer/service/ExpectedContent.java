package dev.externalfiles.transfer.service;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.contracts.FileChanged;

/**
 * The content an export must read from the agent: the event's sha256 (recorded on the object) and,
 * from agents that send it, its CRC32C. The bytes read are checked against the CRC32C when there
 * is one (it catches a file changed while read for about a fifteenth of the CPU of a second
 * SHA-256 over it, docs/architecture.md departure 17), else against the sha256.
 */
public record ExpectedContent(String sha256, String crc32c) {

    private static final Logger LOG = Logger.getLogger(ExpectedContent.class);

    /**
     * The event's content. A crc32c not in {@link Crc32c}'s form is logged and left out: it only
     * stands for what the sha256 already says, so the export goes on, checked against the sha256.
     */
    public static ExpectedContent of(FileChanged event) {
        String crc32c = event.crc32c();
        if (crc32c != null && !Crc32c.isHex(crc32c)) {
            LOG.warnf("FileChanged %s carries a crc32c that is not eight lower-case hex digits (%.20s); checking the"
                    + " bytes against its sha256", event.eventId(), crc32c);
            crc32c = null;
        }
        return new ExpectedContent(event.sha256(), crc32c);
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
        private final Checksums checksums = new Checksums(crc32c != null, crc32c == null);

        private Check() {
        }

        /** The first {@code length} bytes of {@code bytes}. */
        public void update(byte[] bytes, int length) {
            checksums.update(bytes, 0, length);
        }

        public boolean matches() {
            return crc32c != null ? checksums.crc32c().equals(crc32c) : checksums.sha256().equals(sha256);
        }
    }
}

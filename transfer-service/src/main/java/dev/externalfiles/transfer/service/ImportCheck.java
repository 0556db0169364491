package dev.externalfiles.transfer.service;

import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.transfer.agent.StoredFile;

/**
 * How an import checks that the agent stored the bytes read from the bucket (docs/architecture.md,
 * departure 18). Agents answer a PUT with the sha256 of the file they stored and, since the
 * departure, its CRC32C: the bytes read are then checked against the CRC32C alone, and the
 * import records the agent's sha256, instead of hashing every byte a second time here with
 * SHA-256 while both cores are busy with the import.
 *
 * <p>Whether an agent answers a CRC32C is learnt from its answers, per agent URL: an agent not
 * known yet (and an older one, which never sends it) gets its bytes hashed with SHA-256 as well,
 * so no import is left unchecked. What is learnt is this replica's alone and bounded; forgetting
 * an agent costs one import hashed in full.
 */
@ApplicationScoped
public class ImportCheck {

    /** Agent URLs remembered; one per running kernel. */
    static final int REMEMBERED = 10_000;

    private final Map<String, Boolean> answersCrc32c = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** The check of one import into {@code agentUrl}, for all its attempts. */
    public Transfer of(String agentUrl) {
        return new Transfer(agentUrl);
    }

    /**
     * One import's attempts. An attempt whose answer could not be checked makes every later
     * attempt of the import hash its bytes, whatever other imports to the agent teach meanwhile.
     */
    public final class Transfer {
        private final String agentUrl;
        private boolean hashFromNowOn;

        private Transfer(String agentUrl) {
            this.agentUrl = agentUrl;
        }

        /** The object's stream as it should go to the agent, counted and checksummed. */
        public ImportedBytes reading(InputStream object, LongConsumer progress) {
            boolean hash = hashFromNowOn || !Boolean.TRUE.equals(answersCrc32c.get(agentUrl));
            return new ImportedBytes(object, hash, progress);
        }

        /**
         * The sha256 of the stored file, once its answer proves the agent stored what was read;
         * else a retryable failure (the retry reads the object again and replaces the file).
         */
        public String verified(ImportedBytes read, StoredFile stored) {
            boolean withCrc32c = stored.crc32c() != null;
            answersCrc32c.put(agentUrl, withCrc32c);
            if (withCrc32c && !stored.crc32c().equals(read.crc32c())
                    || read.hashedSha256() && !read.sha256().equals(stored.sha256())) {
                throw TransferFailure.retryable("CHECKSUM_MISMATCH", "the agent stored other bytes than were read", null);
            }
            if (!withCrc32c && !read.hashedSha256()) {
                // It answered with a CRC32C before: another, older agent at the same URL.
                hashFromNowOn = true;
                throw TransferFailure.retryable("AGENT_ANSWER_UNCHECKED", "the agent's answer had no CRC32C to check the"
                        + " stored bytes against; they are imported again and hashed", null);
            }
            return stored.sha256();
        }
    }
}

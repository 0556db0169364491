package dev.externalfiles.transfer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.transfer.agent.StoredFile;

/**
 * What an import accepts as proof that the agent stored the bytes read: the first import to an
 * agent is hashed with SHA-256 as well; once the agent is known to answer a CRC32C, that alone
 * is checked; an agent that stops answering one gets its import done again, hashed.
 */
class ImportCheckTest {

    private static final String AGENT = "http://10.0.0.7:8083";
    private static final byte[] CONTENT = "id,value\n1,42\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "id,value\n1,43\n".getBytes(StandardCharsets.UTF_8);

    private final ImportCheck check = new ImportCheck();

    @Test
    void anAgentNotKnownYetHasTheBytesHashedAndIsThenCheckedByCrc32cAlone() throws IOException {
        ImportedBytes first = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        assertTrue(first.hashedSha256(), "nothing is known of this agent yet");
        assertEquals(Sha256.of(CONTENT), check.verified(AGENT, first, storedAs(CONTENT)));

        ImportedBytes second = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        assertFalse(second.hashedSha256(), "it answers a CRC32C");
        assertEquals(Sha256.of(CONTENT), check.verified(AGENT, second, storedAs(CONTENT)), "the agent's sha256 is recorded");
        assertTrue(check.reading("http://10.0.0.8:8083", stream(CONTENT), n -> { }).hashedSha256(),
                "what is learnt is per agent");
    }

    @Test
    void otherBytesStoredAreAMismatchWhicheverChecksumShowsIt() throws IOException {
        ImportedBytes hashed = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        // A sha256 of other bytes with the right CRC32C (a collision): the SHA-256 of the first import still sees it.
        StoredFile forged = new StoredFile(Sha256.of(OTHER), Crc32c.of(CONTENT, 0, CONTENT.length));
        assertCode("CHECKSUM_MISMATCH", () -> check.verified(AGENT, hashed, forged));

        ImportedBytes crcOnly = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        assertFalse(crcOnly.hashedSha256());
        assertCode("CHECKSUM_MISMATCH", () -> check.verified(AGENT, crcOnly, storedAs(OTHER)));
    }

    @Test
    void anAgentWithoutCrc32cIsCheckedBySha256AndOneThatStopsSendingItIsImportedAgainHashed() throws IOException {
        StoredFile older = new StoredFile(Sha256.of(CONTENT), null);
        ImportedBytes first = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        assertEquals(Sha256.of(CONTENT), check.verified(AGENT, first, older));
        assertTrue(check.reading(AGENT, stream(CONTENT), n -> { }).hashedSha256(), "still hashed: it sends no CRC32C");
        ImportedBytes other = readAll(check.reading(AGENT, stream(OTHER), n -> { }));
        assertCode("CHECKSUM_MISMATCH", () -> check.verified(AGENT, other, older));

        // It answers a CRC32C, then an older agent takes its URL: that import is unchecked, so it is done again, hashed.
        check.verified(AGENT, readAll(check.reading(AGENT, stream(CONTENT), n -> { })), storedAs(CONTENT));
        ImportedBytes crcOnly = readAll(check.reading(AGENT, stream(CONTENT), n -> { }));
        TransferFailure unchecked = assertCode("AGENT_ANSWER_UNCHECKED", () -> check.verified(AGENT, crcOnly, older));
        assertEquals(TransferFailure.Outcome.RETRY, unchecked.outcome());
        assertTrue(check.reading(AGENT, stream(CONTENT), n -> { }).hashedSha256(), "the retry hashes the bytes");
    }

    @Test
    void theBytesAreCountedAsTheyPassOneAtATimeOrInPieces() throws IOException {
        List<Long> progress = new ArrayList<>();
        ImportedBytes read = check.reading(AGENT, stream(CONTENT), progress::add);
        assertEquals(CONTENT[0], read.read());
        byte[] rest = read.readAllBytes();
        assertEquals(CONTENT.length - 1, rest.length);
        assertEquals(CONTENT.length, read.count());
        assertEquals(1L, progress.get(0));
        assertEquals(CONTENT.length, progress.get(progress.size() - 1));
        assertEquals(Crc32c.of(CONTENT, 0, CONTENT.length), read.crc32c());
        assertEquals(Sha256.of(CONTENT), read.sha256());
    }

    private static StoredFile storedAs(byte[] bytes) {
        return new StoredFile(Sha256.of(bytes), Crc32c.of(bytes, 0, bytes.length));
    }

    private static ByteArrayInputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static ImportedBytes readAll(ImportedBytes bytes) throws IOException {
        bytes.readAllBytes();
        return bytes;
    }

    private static TransferFailure assertCode(String code, Runnable verifying) {
        TransferFailure failure = assertThrows(TransferFailure.class, verifying::run);
        assertEquals(code, failure.code());
        return failure;
    }
}

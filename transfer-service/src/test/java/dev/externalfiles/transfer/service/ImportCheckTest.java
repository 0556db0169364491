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
        ImportCheck.Transfer first = check.of(AGENT);
        ImportedBytes firstRead = readAll(first.reading(stream(CONTENT), n -> { }));
        assertTrue(firstRead.hashedSha256(), "nothing is known of this agent yet");
        assertEquals(Sha256.of(CONTENT), first.verified(firstRead, storedAs(CONTENT)));

        ImportCheck.Transfer second = check.of(AGENT);
        ImportedBytes secondRead = readAll(second.reading(stream(CONTENT), n -> { }));
        assertFalse(secondRead.hashedSha256(), "it answers a CRC32C");
        assertEquals(Sha256.of(CONTENT), second.verified(secondRead, storedAs(CONTENT)), "the agent's sha256 is recorded");
        assertTrue(check.of("http://10.0.0.8:8083").reading(stream(CONTENT), n -> { }).hashedSha256(),
                "what is learnt is per agent");
    }

    @Test
    void otherBytesStoredAreAMismatchWhicheverChecksumShowsIt() throws IOException {
        ImportCheck.Transfer transfer = check.of(AGENT);
        // A sha256 of other bytes with the right CRC32C (a collision): the SHA-256 of the first import still sees it.
        ImportedBytes hashed = readAll(transfer.reading(stream(CONTENT), n -> { }));
        StoredFile forged = new StoredFile(Sha256.of(OTHER), Crc32c.of(CONTENT, 0, CONTENT.length));
        assertCode("CHECKSUM_MISMATCH", () -> transfer.verified(hashed, forged));
        // The right sha256 with another CRC32C: a hashed read is checked against both.
        ImportedBytes hashedAgain = readAll(check.of("http://10.0.0.9:8083").reading(stream(CONTENT), n -> { }));
        assertTrue(hashedAgain.hashedSha256());
        StoredFile otherCrc = new StoredFile(Sha256.of(CONTENT), Crc32c.of(OTHER, 0, OTHER.length));
        assertCode("CHECKSUM_MISMATCH", () -> check.of("http://10.0.0.9:8083").verified(hashedAgain, otherCrc));

        ImportCheck.Transfer later = check.of(AGENT);
        ImportedBytes crcOnly = readAll(later.reading(stream(CONTENT), n -> { }));
        assertFalse(crcOnly.hashedSha256());
        assertCode("CHECKSUM_MISMATCH", () -> later.verified(crcOnly, storedAs(OTHER)));
    }

    @Test
    void anAgentWithoutCrc32cIsCheckedBySha256AndOneThatStopsSendingItIsImportedAgainHashed() throws IOException {
        StoredFile older = new StoredFile(Sha256.of(CONTENT), null);
        ImportCheck.Transfer first = check.of(AGENT);
        assertEquals(Sha256.of(CONTENT), first.verified(readAll(first.reading(stream(CONTENT), n -> { })), older));
        ImportCheck.Transfer second = check.of(AGENT);
        ImportedBytes other = readAll(second.reading(stream(OTHER), n -> { }));
        assertTrue(other.hashedSha256(), "still hashed: it sends no CRC32C");
        assertCode("CHECKSUM_MISMATCH", () -> second.verified(other, older));

        // It answers a CRC32C, then an older agent takes its URL: that attempt is unchecked, so it is done again, hashed,
        // even if another import to the URL meanwhile got a CRC32C answer again.
        ImportCheck.Transfer teaching = check.of(AGENT);
        teaching.verified(readAll(teaching.reading(stream(CONTENT), n -> { })), storedAs(CONTENT));
        ImportCheck.Transfer transfer = check.of(AGENT);
        ImportedBytes crcOnly = readAll(transfer.reading(stream(CONTENT), n -> { }));
        assertFalse(crcOnly.hashedSha256());
        TransferFailure unchecked = assertCode("AGENT_ANSWER_UNCHECKED", () -> transfer.verified(crcOnly, older));
        assertEquals(TransferFailure.Outcome.RETRY, unchecked.outcome());
        ImportCheck.Transfer concurrent = check.of(AGENT);
        concurrent.verified(readAll(concurrent.reading(stream(CONTENT), n -> { })), storedAs(CONTENT));
        ImportedBytes retry = readAll(transfer.reading(stream(CONTENT), n -> { }));
        assertTrue(retry.hashedSha256(), "the retry hashes the bytes");
        assertEquals(Sha256.of(CONTENT), transfer.verified(retry, older));
    }

    @Test
    void theBytesAreCountedAsTheyPassOneAtATimeOrInPieces() throws IOException {
        List<Long> progress = new ArrayList<>();
        ImportedBytes read = check.of(AGENT).reading(stream(CONTENT), progress::add);
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

package dev.externalfiles.transfer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.contracts.FileChanged;

/**
 * What an export checks the agent's bytes against: the event's CRC32C when it is in the agreed
 * form, else (none, or one in another form: upper case, too short, base64, hostile) the sha256,
 * so a malformed CRC32C never stops an export nor lets other bytes through.
 */
class ExpectedContentTest {

    private static final byte[] CONTENT = "id,value\n1,42\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "id,value\n1,43\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "ZZ", "0A1B2C3D", "0a1b2c3", "0a1b2c3d0", "AAAAAA==", "0a1b2c3d\n" })
    void anEventWithoutAWellFormedCrc32cIsCheckedAgainstItsSha256(String crc32c) {
        ExpectedContent expected = ExpectedContent.of(event(Sha256.of(CONTENT), crc32c));
        assertNull(expected.crc32c());
        assertTrue(expected.matches(CONTENT, CONTENT.length));
        assertFalse(expected.matches(OTHER, OTHER.length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7 })
    void anEventWithACrc32cIsCheckedAgainstIt(int cut) {
        ExpectedContent expected = ExpectedContent.of(event("d".repeat(64), Crc32c.of(CONTENT, 0, CONTENT.length)));
        assertEquals(Crc32c.of(CONTENT, 0, CONTENT.length), expected.crc32c());
        assertTrue(expected.matches(CONTENT, CONTENT.length), "the sha256 is not recomputed");
        assertFalse(expected.matches(OTHER, OTHER.length));
        assertFalse(expected.matches(CONTENT, CONTENT.length - 1 - cut), "a shorter read does not match");
    }

    private static FileChanged event(String sha256, String crc32c) {
        return FileChanged.of(UUID.randomUUID(), "k1", "p1", "u1", "s3", "sales", "out/a.csv", CONTENT.length, sha256,
                crc32c, Instant.parse("2026-12-04T00:00:00Z"), "http://agent:8083", true);
    }
}

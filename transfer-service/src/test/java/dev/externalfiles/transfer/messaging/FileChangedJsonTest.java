package dev.externalfiles.transfer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.externalfiles.contracts.FileChanged;

/** FileChanged as the transfer-service reads it (Quarkus's mapper settings: unknown properties are ignored). */
class FileChangedJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final String FROM_AN_OLDER_AGENT = """
            {"type":"FileChanged","schemaVersion":1,"eventId":"6f1c5a52-8d0e-4d43-9a55-0c4c6b1f6a10","kernelId":"k1",
             "projectId":"p1","userId":"u1","integrationType":"s3","slug":"sales","path":"out/a.csv","size":14,
             "sha256":"%s","mtime":"2026-12-02T03:00:00Z","agentUrl":"http://agent:8083"}""".formatted("a".repeat(64));

    @Test
    void anEventWithoutFirstVersionIsNotAFirstVersion() throws Exception {
        // Agents before the field: the transfer-service asks the bucket first, as it always did.
        FileChanged event = JSON.readValue(FROM_AN_OLDER_AGENT, FileChanged.class);
        assertFalse(event.firstVersion());
        assertEquals("out/a.csv", event.path());
    }

    @Test
    void anEventWithoutACrc32cHasNone() throws Exception {
        // Agents before the field: the transfer-service checks what it reads against the sha256.
        assertNull(JSON.readValue(FROM_AN_OLDER_AGENT, FileChanged.class).crc32c());
        FileChanged event = JSON.readValue(FROM_AN_OLDER_AGENT.replace("\"agentUrl\"", "\"crc32c\":\"0a1b2c3d\",\"agentUrl\""),
                FileChanged.class);
        assertEquals("0a1b2c3d", event.crc32c());
        assertEquals("0a1b2c3d", JSON.readValue(JSON.writeValueAsString(event), FileChanged.class).crc32c());
    }

    @Test
    void firstVersionTravelsBothWays() throws Exception {
        FileChanged event = JSON.readValue(FROM_AN_OLDER_AGENT.replace("\"agentUrl\"", "\"firstVersion\":true,\"agentUrl\""),
                FileChanged.class);
        assertTrue(event.firstVersion());
        assertTrue(JSON.readValue(JSON.writeValueAsString(event), FileChanged.class).firstVersion());
    }
}

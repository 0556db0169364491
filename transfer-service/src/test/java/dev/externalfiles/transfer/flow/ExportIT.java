package dev.externalfiles.transfer.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.Users;
import io.restassured.path.json.JsonPath;

/** Files the notebook writes reach the bucket exactly when they should, and only then. */
class ExportIT {

    private final RunningSystem system = RunningSystem.get();
    private final Platform p = system.platform;

    @Test
    void smallAndLargeFilesAreExportedWithTheirSha256() throws Exception {
        Path folder = system.integrationFolder();
        Path small = Files.write(folder.resolve("out/small.csv"), "id,value\n1,42\n");
        Path large = Files.write(folder.resolve("out/large.bin"), 20L << 20, 2);
        for (Path file : List.of(small, large)) {
            String key = p.keyOf(folder.relativize(file).toString());
            String sha = Files.sha256(file);
            await().atMost(Duration.ofSeconds(90)).until(() -> sha.equals(shaOrNull(key)));
            assertEquals(sha, Buckets.metadata(p.bucket, key).get("sha256"), "the object carries the sha256");
        }
        assertEquals(List.of(), Buckets.pendingUploads(p.bucket, p.keyOf("out/")), "no multipart upload left open");
    }

    @Test
    void nothingIsWrittenWhileWritebackIsOffAndTheTransferSaysWhyThenTheNextFileIsExportedAtOnce() throws Exception {
        p.writeback(false);
        try {
            Path file = Files.write(system.integrationFolder().resolve("off/kept-local.csv"), "local only\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> "SKIPPED".equals(stateOf("off/kept-local.csv")));
            assertEquals("WRITEBACK_OFF", transferOf("off/kept-local.csv").getString("errorCode"));
            assertFalse(Buckets.exists(p.bucket, p.keyOf("off/kept-local.csv")));
            file.toFile().setLastModified(System.currentTimeMillis());
        } finally {
            p.writeback(true);
        }
        // Written into the now watched folder at once. Its event can reach the transfer-service before the
        // IntegrationChanged (the outbox is relayed right after the commit, so the window is milliseconds
        // here and not reproduced at will; TransferAccessTest pins that a refusal is not reused).
        Path file = Files.write(system.integrationFolder().resolve("off/after-on.csv"), "exported\n");
        String sha = Files.sha256(file);
        String state = await().atMost(Duration.ofSeconds(60)).until(() -> stateOf("off/after-on.csv"),
                s -> s != null && TransferState.valueOf(s).isFinal());
        assertEquals("SUCCEEDED", state, () -> "the transfer: " + transferOf("off/after-on.csv"));
        assertEquals(sha, shaOrNull(p.keyOf("off/after-on.csv")));
    }

    @Test
    void aRevokedGrantStopsTheNextExport() throws Exception {
        try (KafkaProbe changes = KafkaProbe.from("file-changes")) {
            Files.write(system.integrationFolder().resolve("revoke/first.csv"), "first\n");
            ConsumerRecord<String, String> first = changes.await(r -> r.value().contains("revoke/first.csv")
                    && r.key().startsWith(system.kernelId + "/"), 1, Duration.ofSeconds(60)).get(0);
            await().atMost(Duration.ofSeconds(60)).until(() -> Buckets.exists(p.bucket, p.keyOf("revoke/first.csv")));
            p.revoke(Users.EDITOR);
            // The revocation also evicts the transfer-service's cached answer at once (IntegrationChanged);
            // waiting out the cache's lifetime keeps this test independent of that race.
            Thread.sleep(6000);
            try {
                // The agent stops publishing for a revoked folder at its next heartbeat; an event it sent
                // before that (this one, for a second file) must still be refused by the transfer-service.
                String second = first.value().replace(JsonPath.from(first.value()).getString("eventId"),
                        UUID.randomUUID().toString()).replace("revoke/first.csv", "revoke/second.csv");
                KafkaProbe.send("file-changes", first.key().replace("revoke/first.csv", "revoke/second.csv"), second);
                await().atMost(Duration.ofSeconds(60)).until(() -> "SKIPPED".equals(stateOf("revoke/second.csv")));
                assertEquals("NO_ACCESS", transferOf("revoke/second.csv").getString("errorCode"));
                assertFalse(Buckets.exists(p.bucket, p.keyOf("revoke/second.csv")));
            } finally {
                p.grant(Users.EDITOR);
            }
        }
    }

    @Test
    void theSameEventDeliveredTwiceUploadsOnce() throws Exception {
        try (KafkaProbe changes = KafkaProbe.from("file-changes"); KafkaProbe statuses = KafkaProbe.from("transfer-status")) {
            Files.write(system.integrationFolder().resolve("twice/once.csv"), "exactly once\n");
            ConsumerRecord<String, String> event = changes.await(r -> r.value().contains("twice/once.csv") && r.key().startsWith(system.kernelId + "/"), 1,
                    Duration.ofSeconds(60)).get(0);
            String transferId = UUID.nameUUIDFromBytes(("export:" + JsonPath.from(event.value()).getString("eventId"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            statuses.await(r -> r.key().equals(transferId) && r.value().contains("\"SUCCEEDED\""), 1, Duration.ofSeconds(60));
            KafkaProbe.send("file-changes", event.key(), event.value());
            ConsumerRecord<String, String> second = statuses.await(r -> r.key().equals(transferId)
                    && r.value().contains("\"SKIPPED\""), 1, Duration.ofSeconds(60)).get(0);
            assertEquals("ALREADY_EXPORTED", JsonPath.from(second.value()).getString("errorCode"));
            assertEquals(1, statuses.drain(Duration.ZERO).stream()
                    .filter(r -> r.key().equals(transferId) && r.value().contains("\"SUCCEEDED\"")).count(), "one upload");
        }
    }

    @Test
    void aNewFileReplacesAnObjectWrittenBehindTheKernelsBack() throws Exception {
        // The agent never saw this path, so its event says first version and the upload goes only-if-absent; the
        // bucket answers that the key is taken, the object has other content, and the kernel's file replaces it.
        String key = p.keyOf("behind/back.csv");
        Buckets.put(p.bucket, key, "written by someone else\n");
        try (KafkaProbe changes = KafkaProbe.from("file-changes")) {
            Path file = Files.write(system.integrationFolder().resolve("behind/back.csv"), "written by the notebook\n");
            ConsumerRecord<String, String> event = changes.await(r -> r.value().contains("behind/back.csv")
                    && r.key().startsWith(system.kernelId + "/"), 1, Duration.ofSeconds(60)).get(0);
            assertTrue(JsonPath.from(event.value()).getBoolean("firstVersion"), "the agent had no earlier version");
            assertEquals(Files.crc32c(file), JsonPath.from(event.value()).getString("crc32c"),
                    "the event carries the CRC32C the transfer-service checks the bytes it reads against");
            String sha = Files.sha256(file);
            await().atMost(Duration.ofSeconds(60)).until(() -> sha.equals(shaOrNull(key)));
            await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(stateOf("behind/back.csv")));
        }
    }

    @Test
    void anEventForContentThatChangedSinceIsSkippedAsSuperseded() throws Exception {
        try (KafkaProbe changes = KafkaProbe.from("file-changes"); KafkaProbe statuses = KafkaProbe.from("transfer-status")) {
            Path file = Files.write(system.integrationFolder().resolve("stale/report.csv"), "version 1\n");
            ConsumerRecord<String, String> event = changes.await(r -> r.value().contains("stale/report.csv") && r.key().startsWith(system.kernelId + "/"), 1,
                    Duration.ofSeconds(60)).get(0);
            // An event under a new id for content the file no longer has (nor the bucket).
            String replay = event.value().replace(JsonPath.from(event.value()).getString("eventId"),
                    UUID.randomUUID().toString()).replace(JsonPath.from(event.value()).getString("sha256"), "0".repeat(64));
            String transferId = UUID.nameUUIDFromBytes(("export:" + JsonPath.from(replay).getString("eventId"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            KafkaProbe.send("file-changes", event.key(), replay);
            ConsumerRecord<String, String> skipped = statuses.await(r -> r.key().equals(transferId)
                    && r.value().contains("\"SKIPPED\""), 1, Duration.ofSeconds(60)).get(0);
            assertEquals("SUPERSEDED", JsonPath.from(skipped.value()).getString("errorCode"));
            String sha = Files.sha256(file);
            await().atMost(Duration.ofSeconds(60)).until(() -> sha.equals(shaOrNull(p.keyOf("stale/report.csv"))));
        }
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndTheNextOneIsHandled() throws Exception {
        try (KafkaProbe dlq = KafkaProbe.from("file-changes.dlq")) {
            String key = "poison-" + UUID.randomUUID();
            KafkaProbe.send("file-changes", key, "{\"type\":\"FileChanged\",\"sha256\":\"not hex\"");
            ConsumerRecord<String, String> dead = dlq.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertFalse(dead.headers().lastHeader("dead-letter-reason") == null, "the reason travels with it");
        }
        Path file = Files.write(system.integrationFolder().resolve("after-poison/ok.csv"), "still working\n");
        String sha = Files.sha256(file);
        await().atMost(Duration.ofSeconds(60)).until(() -> sha.equals(shaOrNull(p.keyOf("after-poison/ok.csv"))));
    }

    private String shaOrNull(String key) {
        return Buckets.exists(p.bucket, key) ? Buckets.sha256(p.bucket, key) : null;
    }

    private String stateOf(String path) {
        JsonPath t = transferOf(path);
        return t == null ? null : t.getString("state");
    }

    private JsonPath transferOf(String path) {
        List<Map<String, Object>> all = p.as(Users.EDITOR).get("/v1/projects/{p}/transfers", p.projectId).then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(t -> path.equals(t.get("path")) && "EXPORT".equals(t.get("kind"))).findFirst()
                .map(t -> JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(t).toString()))
                .orElse(null);
    }
}

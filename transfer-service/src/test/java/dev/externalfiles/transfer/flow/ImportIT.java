package dev.externalfiles.transfer.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.Users;
import io.restassured.path.json.JsonPath;

/** Imports stream objects from the bucket into the kernel folder, byte for byte, with ordered reports. */
class ImportIT {

    private final RunningSystem system = RunningSystem.get();
    private final Platform p = system.platform;

    @Test
    void importsSeveralObjectsIncludingALargeOneExactly() throws Exception {
        Path source = Files.write(Path.of("target/it-data/large-import.bin"), 24L << 20, 1);
        Buckets.put(p.bucket, p.keyOf("in/large.bin"), source);
        Buckets.put(p.bucket, p.keyOf("in/a.csv"), "a,b\n1,2\n");
        Buckets.put(p.bucket, p.keyOf("in/sub/b.csv"), "x\n");

        try (KafkaProbe statuses = KafkaProbe.from("transfer-status")) {
            List<String> transferIds = p.as(Users.EDITOR)
                    .body(Map.of("integrationId", p.integrationId, "prefixes", List.of(p.keyOf("in/"))))
                    .post("/v1/projects/{p}/imports", p.projectId).then().statusCode(202).extract().jsonPath()
                    .getList("imported.transfers.flatten().transferId");
            assertEquals(3, transferIds.size());

            Path folder = system.integrationFolder();
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.sha256OrNull(folder.resolve("in/large.bin")) != null
                    && Files.sha256OrNull(folder.resolve("in/sub/b.csv")) != null
                    && Files.sha256OrNull(folder.resolve("in/a.csv")) != null);
            assertEquals(Buckets.sha256(p.bucket, p.keyOf("in/large.bin")), Files.sha256(folder.resolve("in/large.bin")));
            assertEquals(Buckets.sha256(p.bucket, p.keyOf("in/a.csv")), Files.sha256(folder.resolve("in/a.csv")));
            assertEquals(Buckets.sha256(p.bucket, p.keyOf("in/sub/b.csv")), Files.sha256(folder.resolve("in/sub/b.csv")));

            for (String id : transferIds) {
                List<ConsumerRecord<String, String>> reports = statuses.await(r -> r.key().equals(id)
                        && JsonPath.from(r.value()).getString("state").equals("SUCCEEDED"), 1, Duration.ofSeconds(60));
                List<String> states = statuses.drain(Duration.ZERO).stream().filter(r -> r.key().equals(id))
                        .map(r -> JsonPath.from(r.value()).getString("state")).toList();
                // RUNNING only once a copy has lasted the progress interval: a small file may go straight to SUCCEEDED.
                assertEquals("SUCCEEDED", states.get(states.size() - 1), "a transfer reports SUCCEEDED last: " + states);
                assertTrue(states.subList(0, states.size() - 1).stream().allMatch("RUNNING"::equals),
                        "and nothing but progress before it: " + states);
                assertTrue(JsonPath.from(reports.get(0).value()).getString("sha256").matches("[0-9a-f]{64}"));
            }
            // The sha256 recorded for each file is the stored file's, whether this replica checked the bytes with SHA-256
            // or by the agent's CRC32C alone (ImportCheck).
            for (String path : List.of("in/large.bin", "in/a.csv", "in/sub/b.csv")) {
                assertManifestHas(path, Files.sha256(folder.resolve(path)));
            }

            // The agent has answered with CRC32C by now, so this import is checked by CRC32C alone.
            Buckets.put(p.bucket, p.keyOf("again/c.csv"), "c,d\n3,4\n");
            p.as(Users.EDITOR).body(Map.of("integrationId", p.integrationId, "keys", List.of(p.keyOf("again/c.csv"))))
                    .post("/v1/projects/{p}/imports", p.projectId).then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.sha256OrNull(folder.resolve("again/c.csv")) != null);
            assertEquals(Buckets.sha256(p.bucket, p.keyOf("again/c.csv")), Files.sha256(folder.resolve("again/c.csv")));
            assertManifestHas("again/c.csv", Files.sha256(folder.resolve("again/c.csv")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> p.as(Users.EDITOR)
                .get("/v1/projects/{p}/transfers", p.projectId).then().statusCode(200).body(
                        "findAll { it.path.startsWith('in/') }.state", org.hamcrest.Matchers.everyItem(
                                org.hamcrest.Matchers.equalTo("SUCCEEDED"))));
    }

    private void assertManifestHas(String path, String sha256) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> p.as(Users.EDITOR)
                .get("/v1/projects/{p}/manifest", p.projectId).then().statusCode(200)
                .body("find { it.path == '" + path + "' }.sha256", org.hamcrest.Matchers.equalTo(sha256)));
    }
}

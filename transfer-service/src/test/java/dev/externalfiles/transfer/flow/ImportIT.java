package dev.externalfiles.transfer.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

            Set<String> reportedSha256 = new HashSet<>();
            for (String id : transferIds) {
                List<ConsumerRecord<String, String>> reports = statuses.await(r -> r.key().equals(id)
                        && JsonPath.from(r.value()).getString("state").equals("SUCCEEDED"), 1, Duration.ofSeconds(60));
                List<String> states = statuses.drain(Duration.ZERO).stream().filter(r -> r.key().equals(id))
                        .map(r -> JsonPath.from(r.value()).getString("state")).toList();
                // RUNNING only once a copy has lasted the progress interval: a small file may go straight to SUCCEEDED.
                assertEquals("SUCCEEDED", states.get(states.size() - 1), "a transfer reports SUCCEEDED last: " + states);
                assertTrue(states.subList(0, states.size() - 1).stream().allMatch("RUNNING"::equals),
                        "and nothing but progress before it: " + states);
                reportedSha256.add(JsonPath.from(reports.get(0).value()).getString("sha256"));
            }
            // The sha256 recorded is the stored file's, whether this replica checked the bytes with SHA-256 or by the
            // agent's CRC32C alone (ImportCheck).
            assertEquals(Set.of(Files.sha256(folder.resolve("in/large.bin")), Files.sha256(folder.resolve("in/a.csv")),
                    Files.sha256(folder.resolve("in/sub/b.csv"))), reportedSha256);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> p.as(Users.EDITOR)
                .get("/v1/projects/{p}/transfers", p.projectId).then().statusCode(200).body(
                        "findAll { it.path.startsWith('in/') }.state", org.hamcrest.Matchers.everyItem(
                                org.hamcrest.Matchers.equalTo("SUCCEEDED"))));
    }
}

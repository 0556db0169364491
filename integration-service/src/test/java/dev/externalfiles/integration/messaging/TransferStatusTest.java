package dev.externalfiles.integration.messaging;

import static dev.externalfiles.integration.support.World.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.support.Tokens;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The transfer-service's reports, sent to the real broker, update the transfer history and the
 * manifest, reach the SSE stream, and a poison message lands on the dead-letter topic.
 */
@QuarkusTest
class TransferStatusTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void reportsUpdateHistoryManifestAndStream() throws Exception {
        World w = World.create("status");
        given().auth().oauth2(Tokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("kernelId", "ks-" + w.projectId, "projectId", w.projectId, "userId", Users.EDITOR.id,
                        "agentUrl", "http://127.0.0.1:18083"))
                .post("/internal/v1/kernels").then().statusCode(200);
        String transferId = as(Users.EDITOR)
                .body(Map.of("integrationId", w.integrationId, "keys", List.of(w.rootPrefix + "readme.txt")))
                .post("/v1/projects/{p}/imports", w.projectId).then().statusCode(202)
                .extract().path("imported[0].transfers[0].transferId");

        List<String> streamed = new CopyOnWriteArrayList<>();
        Thread reader = streamAs(Users.VIEWER, w.projectId, streamed);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamed.contains("OPEN"));

        send(status(transferId, "IMPORT", "RUNNING", 2L, 5L, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> state(w, transferId).equals("RUNNING"));
        // A replayed QUEUED never takes a transfer back.
        KafkaProbe.awaitConsumed("integration-service", send(status(transferId, "IMPORT", "QUEUED", 0L, 5L, null)),
                Duration.ofSeconds(20));
        assertEquals("RUNNING", state(w, transferId));
        send(status(transferId, "IMPORT", "SUCCEEDED", 5L, 5L, "abc123"));
        await().atMost(Duration.ofSeconds(15)).until(() -> state(w, transferId).equals("SUCCEEDED"));
        // A late, repeated progress report never undoes a final state.
        KafkaProbe.awaitConsumed("integration-service", send(status(transferId, "IMPORT", "RUNNING", 3L, 5L, null)),
                Duration.ofSeconds(20));

        as(Users.VIEWER).get("/v1/projects/{p}/manifest", w.projectId).then().statusCode(200)
                .body("find { it.path == 'readme.txt' }.sha256", org.hamcrest.Matchers.equalTo("abc123"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> streamed.stream().anyMatch(l -> l.contains(transferId) && l.contains("SUCCEEDED")));
        assertTrue(streamed.stream().anyMatch(l -> l.contains(transferId) && l.contains("RUNNING")),
                "progress reached the stream");
        assertEquals("SUCCEEDED", state(w, transferId));
        reader.interrupt();
    }

    @Test
    void streamRefusesStrangersAndAnonymousCallers() throws Exception {
        World w = World.create("status-stream");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI stream = base.resolve("/v1/projects/" + w.projectId + "/transfers/stream");
        HttpResponse<String> outsider = client.send(HttpRequest.newBuilder(stream)
                .header("Authorization", "Bearer " + Tokens.user(Users.OUTSIDER)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, outsider.statusCode());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void firstReportOfAnExportCreatesItsRecord() {
        World w = World.create("status-export");
        String transferId = UUID.randomUUID().toString();
        send("{\"type\":\"TransferStatus\",\"schemaVersion\":1,\"transferId\":\"" + transferId
                + "\",\"kind\":\"EXPORT\",\"state\":\"SUCCEEDED\",\"bytes\":9,\"totalBytes\":9,\"etag\":\"e\",\"sha256\":\"s\","
                + "\"projectId\":\"" + w.projectId + "\",\"integrationId\":\"" + w.integrationId
                + "\",\"kernelId\":\"k\",\"userId\":\"" + Users.EDITOR.id + "\",\"key\":\"" + w.rootPrefix
                + "out.csv\",\"path\":\"out.csv\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> state(w, transferId).equals("SUCCEEDED"));
    }

    @Test
    void poisonAndInapplicableMessagesAreDeadLetteredAndTheNextIsHandled() {
        World w = World.create("status-dlq");
        try (KafkaProbe dlq = KafkaProbe.from("transfer-status.dlq")) {
            String poisonKey = "poison-" + UUID.randomUUID();
            KafkaProbe.send("transfer-status", poisonKey, "{this is not json");
            String unknownKey = "unknown-" + UUID.randomUUID();
            KafkaProbe.send("transfer-status", unknownKey, status(UUID.randomUUID().toString(), "IMPORT", "RUNNING", 1L, 2L,
                    null));
            List<ConsumerRecord<String, String>> dead = dlq.await(
                    r -> r.key() != null && (r.key().equals(poisonKey) || r.key().equals(unknownKey)), 2,
                    Duration.ofSeconds(20));
            for (ConsumerRecord<String, String> record : dead) {
                assertTrue(record.headers().lastHeader("dead-letter-reason") != null, "the reason travels with it");
            }
        }
        String transferId = UUID.randomUUID().toString();
        send("{\"type\":\"TransferStatus\",\"schemaVersion\":1,\"transferId\":\"" + transferId
                + "\",\"kind\":\"EXPORT\",\"state\":\"RUNNING\",\"projectId\":\"" + w.projectId
                + "\",\"key\":\"k\",\"path\":\"p\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> state(w, transferId).equals("RUNNING"));
    }

    @Test
    void aBatchHoldingAnInapplicableReportStillAppliesEveryOtherReportInOrder() {
        World w = World.create("status-batch");
        List<String> exports = java.util.stream.IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID().toString()).toList();
        String twice = UUID.randomUUID().toString();
        String unknownKey = "unknown-" + UUID.randomUUID();
        try (KafkaProbe dlq = KafkaProbe.from("transfer-status.dlq")) {
            // Sent back to back, so that they mostly arrive in one poll: first reports of new exports, an import that
            // integration-service never queued (inapplicable), and two reports of one export in order.
            for (int i = 0; i < exports.size(); i++) {
                send(exportReport(w, exports.get(i), "SUCCEEDED", "out-" + i + ".csv"));
                if (i == 2) {
                    KafkaProbe.send("transfer-status", unknownKey, status(UUID.randomUUID().toString(), "IMPORT", "SUCCEEDED",
                            1L, 1L, "abc"));
                }
            }
            send(exportReport(w, twice, "RUNNING", "twice.csv"));
            send(exportReport(w, twice, "SUCCEEDED", "twice.csv"));
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> unknownKey.equals(r.key()), 1, Duration.ofSeconds(20));
            assertEquals("transfer-status", new String(dead.get(0).headers().lastHeader("dead-letter-topic").value(),
                    StandardCharsets.UTF_8));
        }
        for (String id : exports) {
            await().atMost(Duration.ofSeconds(15)).until(() -> state(w, id).equals("SUCCEEDED"));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> state(w, twice).equals("SUCCEEDED"));
    }

    private static String exportReport(World w, String transferId, String state, String path) {
        return "{\"type\":\"TransferStatus\",\"schemaVersion\":1,\"transferId\":\"" + transferId + "\",\"kind\":\"EXPORT\","
                + "\"state\":\"" + state + "\",\"bytes\":9,\"totalBytes\":9,\"etag\":\"e\",\"sha256\":\"s\",\"projectId\":\""
                + w.projectId + "\",\"integrationId\":\"" + w.integrationId + "\",\"kernelId\":\"k\",\"userId\":\""
                + Users.EDITOR.id + "\",\"key\":\"" + w.rootPrefix + path + "\",\"path\":\"" + path + "\"}";
    }

    private Thread streamAs(Users user, String projectId, List<String> lines) {
        String token = Tokens.user(user);
        Thread thread = new Thread(() -> {
            try {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/projects/" + projectId + "/transfers/stream"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
                HttpResponse<java.io.InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                        HttpResponse.BodyHandlers.ofInputStream());
                lines.add(response.statusCode() == 200 ? "OPEN" : "STATUS " + response.statusCode());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null && !Thread.currentThread().isInterrupted()) {
                        lines.add(line);
                    }
                }
            } catch (Exception e) {
                lines.add("ERROR " + e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String state(World w, String transferId) {
        List<Map<String, Object>> all = as(Users.VIEWER).get("/v1/projects/{p}/transfers", w.projectId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(t -> transferId.equals(t.get("transferId"))).map(t -> (String) t.get("state")).findFirst()
                .orElse("ABSENT");
    }

    private static String status(String transferId, String kind, String state, Long bytes, Long total, String sha) {
        return "{\"type\":\"TransferStatus\",\"schemaVersion\":1,\"transferId\":\"" + transferId + "\",\"kind\":\"" + kind
                + "\",\"state\":\"" + state + "\",\"bytes\":" + bytes + ",\"totalBytes\":" + total
                + (sha == null ? "" : ",\"sha256\":\"" + sha + "\",\"etag\":\"etag-1\"") + "}";
    }

    private static org.apache.kafka.clients.producer.RecordMetadata send(String json) {
        return KafkaProbe.send("transfer-status", io.restassured.path.json.JsonPath.from(json).getString("transferId"), json);
    }
}

package dev.externalfiles.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Services;
import dev.externalfiles.testsupport.Stack;
import dev.externalfiles.testsupport.Tokens;
import dev.externalfiles.testsupport.Users;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The product's story, end to end: the packaged integration-service, transfer-service and one
 * watcher-agent beside the editor's kernel run as separate processes on the real local stack, and
 * the story is walked through the public REST API only, step by step, each step building on the
 * one before. A separate "notebook" process writes into the kernel folder. Kafka is read only as
 * extra evidence (which files the agent announced), never to drive the story.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoryIT {

    private static final String NAME = "Hex's Testing Bucket";
    private static final String SLUG = "hexs_testing_bucket";
    private static final String FOLDER = "external-files/s3/" + SLUG;
    /** Generous: waiting is not measuring; a loaded 2-core machine must pass too. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final long MIB = 1 << 20;
    /** The final states of a transfer. */
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "SKIPPED", "FAILED");

    /** What the editor imports in step 2: one file and one whole folder (with a sub-folder and its marker). */
    private static final String FILE = "sales/2024.csv";
    private static final Set<String> IMPORTED = Set.of(FILE, "reports/q1.csv", "reports/q2.csv",
            "reports/archive/2023.csv");
    /** Files the notebook writes. */
    private static final String SUMMARY = "out/sales_summary.csv";
    private static final String FORECAST = "scratch/forecast.csv";
    private static final String SCORES = "out/model_scores.csv";

    @RegisterExtension
    final StepGuard steps = new StepGuard();

    private final String consumerGroup = Services.freshTransferGroup("e2e-transfer-service");
    private ServiceProcess integrationService;
    private ServiceProcess transferService;
    private ServiceProcess agent;
    private Platform p;
    private String kernelId;
    private Path kernelDir;
    private ProgressStream progress;
    private KafkaProbe fileChanges;
    /** The first export of the large CSV (step 3), whose progress the stream must have shown (step 7). */
    private String largeExportId;

    @BeforeAll
    void startTheSystem() throws IOException {
        SharedBroker.requireNoOtherTransferService(Set.of());
        // A transfer-status group of its own, from the end of the topic: another integration-service on the
        // shared group (dev/run, other modules' tests) would take partitions and apply our reports to its database.
        String statusGroup = "e2e-integration-service-" + UUID.randomUUID();
        integrationService = Services.integrationService("e2e-integration-service")
                .with("mp.messaging.incoming.transfer-status.group.id", statusGroup)
                .with("mp.messaging.incoming.transfer-status.auto.offset.reset", "latest")
                .start();
        // Its only member is given every partition at once: owning one means it reads them all.
        KafkaProbe.awaitGroupAssigned(statusGroup, 1, Duration.ofSeconds(60));
        transferService = Services.startTransferService(newTransferService(), consumerGroup);

        // The platform mirrors a fresh TEAM workspace (slugs are unique per workspace), its members and a project.
        p = Platform.workspace(integrationService.url(), "e2e");
        p.member(Users.EDITOR2, "EDITOR").permission(Users.EDITOR2, "CAN_EDIT");
        putBucketContent();

        // The editor's kernel is running before the integration exists, with its sidecar beside it.
        kernelId = "kernel-" + p.projectId;
        kernelDir = Path.of("target", "kernels", kernelId).toAbsolutePath();
        // Heartbeats every 10 s: the editor imports right after the grant (step 2), before the agent has heard of
        // the integration and laid its folder out, as a user at the usual pace (30 s in production) does.
        agent = Services.agent("e2e-agent", kernelId, p.projectId, Users.EDITOR, kernelDir, integrationService.url())
                .with("watcher.registry.heartbeat-interval", "10s")
                .start();

        progress = ProgressStream.open(integrationService.url(), p.projectId, Tokens.user(Users.EDITOR));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(250));
        fileChanges = KafkaProbe.from("file-changes");
    }

    @AfterAll
    void stopTheSystem() {
        Awaitility.reset();
        if (progress != null) {
            progress.close();
        }
        if (fileChanges != null) {
            fileChanges.close();
        }
        for (ServiceProcess process : new ServiceProcess[] { agent, transferService, integrationService }) {
            if (process != null) {
                process.stop();
            }
        }
    }

    @Test
    @Order(1)
    void theAdminConnectsHexsTestingBucketWithCheckedCredentialsAndGrantsTheEditor() {
        p.as(Users.ADMIN).body(newIntegration(NAME, "not-the-secret-key"))
                .post("/v1/workspaces/{ws}/integrations", p.workspaceId)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("bucket-check-failed"));
        p.as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations", p.workspaceId)
                .then().statusCode(200).body("size()", equalTo(0));

        var created = p.as(Users.ADMIN).body(newIntegration(NAME, Stack.s3SecretKey()))
                .post("/v1/workspaces/{ws}/integrations", p.workspaceId)
                .then().statusCode(201)
                .body("name", equalTo(NAME))
                .body("slug", equalTo(SLUG))
                .body("folder", equalTo(FOLDER))
                .body("writeback", equalTo(true))
                .body("accessKeyId", startsWith("****"))
                .extract();
        assertFalse(created.asString().contains(Stack.s3SecretKey()), "the secret is never answered");
        p.integrationId = created.path("id");
        p.slug = created.path("slug");
        assertTrue(created.header("Location").endsWith("/v1/workspaces/" + p.workspaceId + "/integrations/"
                + p.integrationId), "Location names the new integration: " + created.header("Location"));

        p.as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations", p.workspaceId)
                .then().statusCode(200).body("id", not(hasItem(p.integrationId)));
        p.as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", p.workspaceId, p.integrationId,
                Users.EDITOR.id).then().statusCode(200).body("userId", equalTo(Users.EDITOR.id));
        p.as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations", p.workspaceId)
                .then().statusCode(200).body("id", hasItem(p.integrationId));
    }

    @Test
    @Order(2)
    void theEditorBrowsesAndImportsOneFileAndOneWholeFolderByteForByte() {
        // At once after the grant: the running kernel's sidecar lays the folder out at its next heartbeat, and the
        // imports wait for it.
        JsonPath root = browse(Users.EDITOR, "").then().statusCode(200).extract().jsonPath();
        assertEquals(SLUG, root.getString("slug"));
        assertTrue(root.getList("folders.path").containsAll(List.of("sales/", "reports/", "other/")),
                "the root shows the bucket's folders: " + root.getList("folders.path"));
        JsonPath reports = browse(Users.EDITOR, "reports/").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("reports/archive/"), reports.getList("folders.path"));
        assertEquals(Set.of("reports/q1.csv", "reports/q2.csv"), Set.copyOf(reports.getList("objects.path")));
        assertEquals(List.of(true, true), reports.getList("objects.importable"));

        JsonPath result = p.as(Users.EDITOR)
                .body(Map.of("integrationId", p.integrationId, "keys", List.of(p.keyOf(FILE)),
                        "prefixes", List.of(p.keyOf("reports/"))))
                .post("/v1/projects/{p}/imports", p.projectId).then().statusCode(202).extract().jsonPath();
        assertEquals(IMPORTED, Set.copyOf(result.getList("imported.path")),
                "the file and the folder's objects, its folder marker left out");
        assertEquals(List.of(), result.getList("skipped"));
        assertEquals(List.of(kernelId, kernelId, kernelId, kernelId), result.getList("imported.transfers.flatten().kernelId"),
                "one transfer per object to the one running kernel");

        for (String path : IMPORTED) {
            assertEquals(List.of("SUCCEEDED"), endedStates("IMPORT", path, 1), "the import of " + path);
        }
        for (String path : IMPORTED) {
            assertEquals(objectSha(path), fileSha(path), path + " in the kernel equals the object");
        }
        assertFalse(Files.exists(folder().resolve("other/not-imported.csv")), "only what was imported arrives");
        await("the manifest with the imported hashes").atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> manifest = p.as(Users.EDITOR).get("/v1/projects/{p}/manifest", p.projectId)
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertEquals(IMPORTED.size(), manifest.size(), "one manifest entry per imported object: " + manifest);
            for (Map<String, Object> entry : manifest) {
                String path = (String) entry.get("path");
                assertTrue(IMPORTED.contains(path), "unexpected manifest entry " + entry);
                assertEquals(objectSha(path), entry.get("sha256"), "the manifest's sha256 of " + path);
            }
        });
    }

    @Test
    @Order(3)
    void aNotebookWritingACsvInChunksIsExportedOnceAndARewriteUpdatesTheObject() throws IOException {
        // Large enough to go up in parts (threshold 8M here) and to report progress on the way.
        Path csv = Notebook.write(inWatchedFolder(SUMMARY), 20 * MIB, 8, Duration.ofMillis(250), 1);
        String sha = sha256(csv);
        await("the CSV in the bucket").atMost(WAIT).until(() -> sha.equals(objectTag(SUMMARY)));
        assertEquals(sha, objectSha(SUMMARY), "the object's bytes are the file's");
        Map<String, Object> export = await("the export recorded").atMost(WAIT)
                .until(() -> finalTransfer("EXPORT", SUMMARY), t -> t != null);
        assertEquals("SUCCEEDED", export.get("state"), "the export: " + export);
        assertEquals(sha, export.get("sha256"));
        assertEquals(size(csv), ((Number) export.get("bytes")).longValue());
        assertEquals(p.keyOf(SUMMARY), export.get("key"));
        largeExportId = (String) export.get("transferId");

        // Exactly one: the notebook's chunks and pauses made one announcement, one export.
        List<String> announced = announced(Duration.ofSeconds(2));
        assertEquals(1, Collections.frequency(announced, SUMMARY), "the agent announced the CSV once: " + announced);
        assertEquals(List.of("SUCCEEDED"), states("EXPORT", SUMMARY), "one export of the CSV");
        // Imported files are not exported back.
        for (String path : IMPORTED) {
            assertEquals(List.of(), states("EXPORT", path), "no export of the imported " + path);
            assertFalse(announced.contains(path), "no announcement of the imported " + path + ": " + announced);
        }

        Notebook.write(csv, 20 * MIB, 8, Duration.ofMillis(250), 2);
        String rewritten = sha256(csv);
        assertNotEquals(sha, rewritten);
        await("the rewritten CSV in the bucket").atMost(WAIT).until(() -> rewritten.equals(objectTag(SUMMARY)));
        assertEquals(rewritten, objectSha(SUMMARY), "the object's bytes are the rewritten file's");
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED"), endedStates("EXPORT", SUMMARY, 2), "the two exports of the CSV");
    }

    @Test
    @Order(4)
    void withWritebackOffANewFileStaysLocalAndOnAgainTheNextChangeIsExported() throws IOException {
        p.writeback(false);
        p.as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations/{id}", p.workspaceId, p.integrationId)
                .then().statusCode(200).body("writeback", equalTo(false));
        Path forecast = Notebook.write(inWatchedFolder(FORECAST), 64 * 1024, 2, Duration.ofMillis(100), 3);
        Map<String, Object> skipped = await("the refused export recorded").atMost(WAIT)
                .until(() -> finalTransfer("EXPORT", FORECAST), t -> t != null);
        assertEquals("SKIPPED", skipped.get("state"));
        assertEquals("WRITEBACK_OFF", skipped.get("errorCode"), "the history says why");
        assertFalse(Buckets.exists(p.bucket, p.keyOf(FORECAST)), "nothing reached the bucket");
        assertTrue(Files.isRegularFile(forecast), "the file stays in the kernel");

        p.writeback(true);
        Notebook.write(forecast, 64 * 1024, 2, Duration.ofMillis(100), 4);
        String sha = sha256(forecast);
        await("the next change in the bucket").atMost(WAIT).until(() -> sha.equals(objectTag(FORECAST)));
        assertEquals(sha, objectSha(FORECAST), "the object's bytes are the file's");
        assertEquals(List.of("SKIPPED WRITEBACK_OFF", "SUCCEEDED"), endedStates("EXPORT", FORECAST, 2),
                "the two exports of the file");
    }

    @Test
    @Order(5)
    void afterAKernelRestartImportedFilesComeBackAndFilesTheKernelWroteDoNot() throws IOException {
        agent.stop();
        emptyKernelFolder();
        agent.start();
        Services.awaitFolder(folder(), WAIT);

        for (String path : IMPORTED) {
            assertEquals(List.of("SUCCEEDED"), endedStates("RESTORE", path, 1), "the restore of " + path);
        }
        for (String path : IMPORTED) {
            assertEquals(objectSha(path), fileSha(path), path + " is restored as the object is");
        }
        for (String path : List.of(SUMMARY, FORECAST)) {
            assertFalse(Files.exists(folder().resolve(path)), path + " was written by the kernel: it does not come back");
            assertEquals(List.of(), states("RESTORE", path), "no restore of " + path);
        }
        List<String> announced = announced(Duration.ofSeconds(1));
        for (String path : IMPORTED) {
            assertFalse(announced.contains(path), "the restored " + path + " is not announced for export: " + announced);
        }
    }

    @Test
    @Order(6)
    void theViewerCannotImportAUserWithoutAGrantCannotBrowseAndACommunityWorkspaceCannotConnect() {
        int transfersBefore = transfers().size();
        Map<String, Object> attempt = Map.of("integrationId", p.integrationId, "keys", List.of(p.keyOf("other/not-imported.csv")));

        // The viewer has access to the integration but only Can View on the project.
        p.grant(Users.VIEWER);
        browse(Users.VIEWER, "").then().statusCode(200);
        p.as(Users.VIEWER).body(attempt).post("/v1/projects/{p}/imports", p.projectId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("access-denied")).body("detail", containsString("Can Edit"));

        // editor2 can edit the project but was granted nothing; the outsider is not even a member.
        browse(Users.EDITOR2, "").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("no access"));
        p.as(Users.EDITOR2).body(attempt).post("/v1/projects/{p}/imports", p.projectId).then().statusCode(403);
        browse(Users.OUTSIDER, "").then().statusCode(403);

        String community = "ws-community-" + UUID.randomUUID().toString().substring(0, 8);
        p.platform().body(Map.of("name", "Community " + community, "plan", "COMMUNITY"))
                .put("/v1/workspaces/{ws}", community).then().statusCode(200);
        p.platform().body(Map.of("role", "ADMIN")).put("/v1/workspaces/{ws}/members/{u}", community, Users.ADMIN.id)
                .then().statusCode(200);
        p.as(Users.ADMIN).body(newIntegration(NAME, Stack.s3SecretKey()))
                .post("/v1/workspaces/{ws}/integrations", community)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("plan-forbids-integrations")).body("detail", containsString("COMMUNITY"));

        assertEquals(transfersBefore, transfers().size(), "no refused request queued a transfer");
        assertFalse(Files.exists(folder().resolve("other/not-imported.csv")));
    }

    @Test
    @Order(7)
    void theHistoryShowsEveryTransferWithItsFinalStateAndTheStreamDeliveredProgress() {
        List<String> expected = new ArrayList<>();
        for (String path : IMPORTED) {
            expected.add("IMPORT " + path + " SUCCEEDED");
            expected.add("RESTORE " + path + " SUCCEEDED");
        }
        expected.addAll(List.of("EXPORT " + SUMMARY + " SUCCEEDED", "EXPORT " + SUMMARY + " SUCCEEDED",
                "EXPORT " + FORECAST + " SKIPPED WRITEBACK_OFF", "EXPORT " + FORECAST + " SUCCEEDED"));
        List<Map<String, Object>> history = transfers();
        assertEquals(expected.stream().sorted().toList(),
                history.stream().map(t -> t.get("kind") + " " + t.get("path") + " " + stateOf(t)).sorted().toList(),
                "every transfer of the story, each in its final state");
        for (Map<String, Object> t : history) {
            assertEquals(kernelId, t.get("kernelId"), "kernel of " + t);
            if (!"SKIPPED".equals(t.get("state"))) {
                // A refused export is recorded from the refusal, which names no integration (and no bucket key).
                assertEquals(p.integrationId, t.get("integrationId"), "integration of " + t);
                assertEquals(p.keyOf((String) t.get("path")), t.get("key"), "object key of " + t);
            }
            if ("SUCCEEDED".equals(t.get("state"))) {
                assertEquals(((Number) t.get("totalBytes")).longValue(), ((Number) t.get("bytes")).longValue(),
                        "all bytes of " + t);
                assertTrue(String.valueOf(t.get("sha256")).matches("[0-9a-f]{64}"), "sha256 of " + t);
            }
        }

        // The stream delivered every transfer's final state, as the history has it.
        await("final states on the stream").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Map<String, Object> t : history) {
                List<Map<String, Object>> events = progress.eventsOf((String) t.get("transferId"));
                assertFalse(events.isEmpty(), "no event on the stream for " + t);
                assertEquals(t.get("state"), events.get(events.size() - 1).get("state"), "last streamed state of " + t);
            }
        });

        // And progress of the large CSV on the way: bytes growing, partway, then all of them.
        List<Map<String, Object>> large = progress.eventsOf(largeExportId);
        List<Long> bytes = large.stream().map(e -> ((Number) e.get("bytes")).longValue()).toList();
        long total = ((Number) large.get(large.size() - 1).get("totalBytes")).longValue();
        assertTrue(large.stream().anyMatch(e -> "RUNNING".equals(e.get("state")) && ((Number) e.get("bytes")).longValue() > 0
                && ((Number) e.get("bytes")).longValue() < total), "progress partway through the large CSV: " + bytes);
        assertEquals(bytes.stream().sorted().toList(), bytes, "bytes never go backwards: " + bytes);
        assertEquals("SUCCEEDED", large.get(large.size() - 1).get("state"));
        assertEquals(total, bytes.get(bytes.size() - 1), "the last event counts every byte");
    }

    @Test
    @Order(8)
    void aTransferServiceKilledInTheMiddleOfALargeExportLeavesTheObjectCompleteAndNothingDuplicated() throws IOException {
        // out/ is new again: the kernel restarted in step 5.
        Path scores = Notebook.write(inWatchedFolder(SCORES), 128 * MIB, 16, Duration.ZERO, 5);
        Map<String, Object> partway = progress.await(e -> SCORES.equals(e.get("path")) && "RUNNING".equals(e.get("state"))
                && ((Number) e.get("bytes")).longValue() > 0, WAIT, "progress of " + SCORES);
        transferService.kill();
        String key = p.keyOf(SCORES);
        assertFalse(Buckets.exists(p.bucket, key), "the kill came in the middle of the upload, before it completed");
        assertFalse(Buckets.pendingUploads(p.bucket, key).isEmpty(), "the killed service left its multipart upload open");

        transferService = Services.startTransferService(newTransferService(), consumerGroup);
        String sha = sha256(scores);
        await("the large CSV complete in the bucket").atMost(WAIT.multipliedBy(2)).until(() -> sha.equals(objectTag(SCORES)));
        assertEquals(sha, Buckets.sha256(p.bucket, key), "the object's bytes are the file's");
        assertEquals(List.of(), Buckets.pendingUploads(p.bucket, key), "no multipart upload left behind");

        Map<String, Object> export = await("the export recorded").atMost(WAIT)
                .until(() -> finalTransfer("EXPORT", SCORES), t -> t != null);
        assertEquals("SUCCEEDED", export.get("state"), "the export after the restart: " + export);
        assertEquals(partway.get("transferId"), export.get("transferId"), "the redelivered event is the same transfer");
        assertEquals(size(scores), ((Number) export.get("bytes")).longValue());
        assertEquals(List.of("SUCCEEDED"), states("EXPORT", SCORES), "one export in the history, no duplicate");
        List<String> announced = announced(Duration.ofMillis(500));
        assertEquals(1, Collections.frequency(announced, SCORES), "the agent announced the file once: " + announced);
        List<Map<String, Object>> unfinished = transfers().stream()
                .filter(t -> !ENDED.contains(t.get("state"))).toList();
        assertEquals(List.of(), unfinished, "every transfer of the story ended");
    }

    // --- the system

    /** A transfer-service configured as the transfer ITs do: small parts, frequent progress; quick takeover after a crash. */
    private ServiceProcess newTransferService() {
        ServiceProcess process = Services.transferService("e2e-transfer-service", integrationService.url(), consumerGroup)
                .with("transfer.multipart-threshold", "8M")
                .with("transfer.part-size", "5M")
                .with("transfer.part-concurrency", "1")
                .with("transfer.progress-interval", "20ms")
                .with("transfer.retry.max-backoff", "3s")
                .with("transfer.retry.max-attempts", "30");
        // A killed member's partitions move on when its session expires: 10 s here instead of Kafka's 45 s.
        for (String channel : List.of("import-requests", "file-changes")) {
            process.with("mp.messaging.incoming." + channel + ".session.timeout.ms", "10000")
                    .with("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "1000");
        }
        return process;
    }

    private void putBucketContent() throws IOException {
        Buckets.put(p.bucket, p.keyOf(FILE), "region,amount\nemea,1200\namer,3400\napac,560\n");
        Buckets.put(p.bucket, p.keyOf("reports/q1.csv"), "quarter,revenue\nq1,10400\n");
        Path q2 = Path.of("target", "e2e-data", "q2.csv").toAbsolutePath();
        Files.createDirectories(q2.getParent());
        Random random = new Random(7);
        StringBuilder rows = new StringBuilder("day,revenue\n");
        for (int day = 0; rows.length() < 3 * MIB; day++) {
            rows.append(day).append(',').append(random.nextInt(100_000)).append('\n');
        }
        Files.writeString(q2, rows);
        Buckets.put(p.bucket, p.keyOf("reports/q2.csv"), q2);
        // A folder marker, as consoles create them: skipped by imports, never a file.
        Buckets.put(p.bucket, p.keyOf("reports/archive/"), "");
        Buckets.put(p.bucket, p.keyOf("reports/archive/2023.csv"), "quarter,revenue\nq4,9100\n");
        Buckets.put(p.bucket, p.keyOf("other/not-imported.csv"), "left in the bucket\n");
    }

    private Map<String, Object> newIntegration(String name, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("bucket", p.bucket);
        body.put("region", "us-east-1");
        body.put("rootPrefix", p.rootPrefix);
        body.put("endpoint", Stack.s3Endpoint());
        body.put("accessKeyId", Stack.s3AccessKey());
        body.put("secretAccessKey", secret);
        body.put("writeback", true);
        return body;
    }

    private void emptyKernelFolder() throws IOException {
        try (Stream<Path> all = Files.walk(kernelDir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(kernelDir)) {
                    Files.delete(path);
                }
            }
        }
    }

    private Path folder() {
        return kernelDir.resolve(FOLDER);
    }

    // --- the public API

    private Response browse(Users user, String prefix) {
        return p.as(user).queryParam("prefix", prefix)
                .get("/v1/workspaces/{ws}/integrations/{id}/objects", p.workspaceId, p.integrationId);
    }

    /** The project's history, newest first, as the editor sees it. */
    private List<Map<String, Object>> transfers() {
        return p.as(Users.EDITOR).queryParam("limit", 500).get("/v1/projects/{p}/transfers", p.projectId)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The states of the transfers of one kind and path, oldest first, each with its error code if any. */
    private List<String> states(String kind, String path) {
        List<String> states = new ArrayList<>(transfers().stream()
                .filter(t -> kind.equals(t.get("kind")) && path.equals(t.get("path")))
                .map(StoryIT::stateOf).toList());
        Collections.reverse(states);
        return states;
    }

    /** Waits until {@code count} transfers of the kind and path have ended; answers their states, oldest first. */
    private List<String> endedStates(String kind, String path, int count) {
        return await(count + " " + kind + " of " + path + " ended").atMost(WAIT).until(() -> states(kind, path),
                states -> states.size() >= count && states.stream().allMatch(s -> ENDED.contains(s.split(" ")[0])));
    }

    /** "SUCCEEDED", or the state and the error code, e.g. "SKIPPED WRITEBACK_OFF". */
    private static String stateOf(Map<String, Object> transfer) {
        return transfer.get("errorCode") == null ? (String) transfer.get("state")
                : transfer.get("state") + " " + transfer.get("errorCode");
    }

    /** The latest transfer of one kind and path once it has ended, else null. */
    private Map<String, Object> finalTransfer(String kind, String path) {
        return transfers().stream().filter(t -> kind.equals(t.get("kind")) && path.equals(t.get("path"))).findFirst()
                .filter(t -> ENDED.contains(t.get("state"))).orElse(null);
    }

    // --- evidence

    /** The paths of every FileChanged this kernel published since the story began, after listening {@code quiet} longer. */
    /**
     * The file {@code path} of the integration folder, its folder made now: the agent watches it
     * by the time the notebook's JVM has started and creates the file. A file that the scan of a
     * new folder finds while it is still being written can be announced half-written if its writer
     * pauses (docs/architecture.md, Known limits; seen on a slow machine), which is not what
     * these steps are about.
     */
    private Path inWatchedFolder(String path) throws IOException {
        Path file = folder().resolve(path);
        Files.createDirectories(file.getParent());
        return file;
    }

    private List<String> announced(Duration quiet) {
        String prefix = kernelId + "/" + SLUG + "/";
        return fileChanges.drain(quiet).stream().map(ConsumerRecord::key).filter(k -> k != null && k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).toList();
    }

    private String objectSha(String path) {
        return Buckets.sha256(p.bucket, p.keyOf(path));
    }

    /** The sha256 the object carries in its metadata (a HEAD, not a read), or null while there is no object. */
    private String objectTag(String path) {
        return Buckets.exists(p.bucket, p.keyOf(path)) ? Buckets.metadata(p.bucket, p.keyOf(path)).get("sha256") : null;
    }

    private String fileSha(String path) {
        Path file = folder().resolve(path);
        return Files.isRegularFile(file) ? sha256(file) : null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

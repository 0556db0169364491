package dev.externalfiles.integration.rest;

import static dev.externalfiles.integration.support.World.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.support.Buckets;
import dev.externalfiles.integration.support.StackConfig;
import dev.externalfiles.integration.support.Tokens;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Browsing, importing keys and folders, and the restore a new kernel gets, read back from the real broker. */
@QuarkusTest
class ImportAndRestoreTest {

    private static World world;


    private static synchronized World world() {
        if (world == null) {
            world = World.create("import");
            String root = world.rootPrefix;
            Buckets.put(root + "sales/2024.csv", "year,total\n2024,10\n");
            Buckets.put(root + "sales/2025.csv", "year,total\n2025,12\n");
            Buckets.put(root + "sales/sub/deep.csv", "deep\n");
            Buckets.put(root + "sales/empty/", "");
            Buckets.put(root + "sales/bad\\name.csv", "backslash\n");
            for (int i = 0; i < 26; i++) {
                Buckets.put(root + "many/f" + i + ".txt", "x" + i);
            }
        }
        return world;
    }

    @Test
    void importOfKeysAndFoldersPublishesOneRequestPerObjectAndKernel() {
        World w = world();
        String kernel = register("k1-" + w.projectId, Users.EDITOR).getString("kernelId");
        try (KafkaProbe requests = KafkaProbe.from("import-requests")) {
            JsonPath result = as(Users.EDITOR)
                    .body(Map.of("integrationId", w.integrationId, "keys", List.of(w.rootPrefix + "readme.txt"), "prefixes",
                            List.of(w.rootPrefix + "sales/")))
                    .post("/v1/projects/{p}/imports", w.projectId)
                    .then().statusCode(202)
                    .body("imported", hasSize(4))
                    .body("skipped", hasSize(1))
                    .body("skipped[0].refusal", equalTo("BACKSLASH"))
                    .extract().jsonPath();
            for (int i = 0; i < 4; i++) {
                assertTrue(result.getList("imported[" + i + "].transfers.kernelId").contains(kernel),
                        "every object is queued to the running kernel");
            }
            Set<String> paths = new HashSet<>(result.getList("imported.path"));
            assertEquals(Set.of("readme.txt", "sales/2024.csv", "sales/2025.csv", "sales/sub/deep.csv"), paths);

            List<ConsumerRecord<String, String>> events = requests.await(r -> r.key().startsWith(kernel + "/"), 4,
                    Duration.ofSeconds(15));
            for (ConsumerRecord<String, String> event : events) {
                JsonPath json = JsonPath.from(event.value());
                assertEquals("ImportRequested", json.getString("type"));
                assertEquals(1, json.getInt("schemaVersion"));
                assertEquals("IMPORT", json.getString("reason"));
                assertEquals(w.integrationId, json.getString("integrationId"));
                assertEquals("http://127.0.0.1:18083", json.getString("agentUrl"));
                assertEquals(kernel + "/" + w.slug + "/" + json.getString("path"), event.key());
                assertEquals("external-files/s3/" + w.slug + "/" + json.getString("path"), json.getString("targetPath"));
                assertEquals(w.rootPrefix + json.getString("path"), json.getString("key"));
                assertNotNull(json.getString("transferId"));
                assertFalse(event.value().contains(StackConfig.s3SecretKey()));
            }
        }
        as(Users.VIEWER).get("/v1/projects/{p}/transfers", w.projectId).then().statusCode(200)
                .body("findAll { it.kernelId == '" + kernel + "' }.state", everyItem(equalTo("QUEUED")));
        as(Users.VIEWER).get("/v1/projects/{p}/manifest", w.projectId).then().statusCode(200).body("path",
                org.hamcrest.Matchers.hasItems("readme.txt", "sales/2024.csv", "sales/2025.csv", "sales/sub/deep.csv"));

        // A kernel that starts later gets the whole manifest back.
        try (KafkaProbe requests = KafkaProbe.from("import-requests")) {
            String second = "k2-" + w.projectId;
            JsonPath registered = register(second, Users.EDITOR);
            assertTrue(registered.getInt("restoresQueued") >= 4);
            List<ConsumerRecord<String, String>> restores = requests.await(r -> r.key().startsWith(second + "/"),
                    registered.getInt("restoresQueued"), Duration.ofSeconds(15));
            restores.forEach(r -> assertEquals("RESTORE", JsonPath.from(r.value()).getString("reason")));
        }
    }

    @Test
    void importingAgainUpdatesTheSameManifestEntries() {
        World w = world();
        Map<String, Object> body = Map.of("integrationId", w.integrationId, "prefixes", List.of(w.rootPrefix + "sales/"));
        List<String> first = as(Users.EDITOR).body(body).post("/v1/projects/{p}/imports", w.projectId).then()
                .statusCode(202).extract().jsonPath().getList("imported.manifestEntryId");
        List<String> again = as(Users.EDITOR).body(body).post("/v1/projects/{p}/imports", w.projectId).then()
                .statusCode(202).extract().jsonPath().getList("imported.manifestEntryId");
        assertEquals(3, first.size());
        assertEquals(new HashSet<>(first), new HashSet<>(again), "a re-import updates the entries it finds, one per object");
        List<String> salesPaths = as(Users.VIEWER).get("/v1/projects/{p}/manifest", w.projectId).then().statusCode(200)
                .extract().jsonPath().<String> getList("path").stream().filter(p -> p.startsWith("sales/")).toList();
        assertEquals(3, salesPaths.size(), "no object twice in the manifest: " + salesPaths);
    }

    @Test
    void folderExpandingBeyondTheLimitIsRefusedAndNothingRecorded() {
        World w = world();
        long before = manifestSize(w);
        as(Users.EDITOR).body(Map.of("integrationId", w.integrationId, "prefixes", List.of(w.rootPrefix + "many/")))
                .post("/v1/projects/{p}/imports", w.projectId)
                .then().statusCode(400).body("field", equalTo("prefixes")).body("detail", containsString("more than 25"));
        assertEquals(before, manifestSize(w));
    }

    @Test
    void browsingPagesThroughFoldersAndMarksUnsafeKeys() {
        World w = world();
        JsonPath top = as(Users.VIEWER).get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId, w.integrationId)
                .then().statusCode(200).extract().jsonPath();
        assertTrue(top.getList("folders.path").containsAll(List.of("sales/", "many/")));
        assertTrue(top.getList("objects.path").contains("readme.txt"));

        JsonPath sales = as(Users.VIEWER).queryParam("prefix", "sales/")
                .get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId, w.integrationId)
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> bad = sales.getMap("objects.find { it.path == 'sales/bad\\\\name.csv' }");
        assertNotNull(bad, "the backslash key is listed");
        assertEquals(false, bad.get("importable"));
        assertEquals("BACKSLASH", bad.get("refusal"));

        JsonPath page1 = as(Users.VIEWER).queryParam("prefix", "many/").queryParam("pageSize", 10)
                .get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId, w.integrationId)
                .then().statusCode(200).body("objects", hasSize(10)).extract().jsonPath();
        String token = page1.getString("nextContinuationToken");
        assertNotNull(token);
        as(Users.VIEWER).queryParam("prefix", "many/").queryParam("pageSize", 10).queryParam("continuationToken", token)
                .get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId, w.integrationId)
                .then().statusCode(200).body("objects", hasSize(10));
    }

    @Test
    void browsingRefusesUnsafePrefixesAndPageSizes() {
        World w = world();
        as(Users.VIEWER).queryParam("prefix", "../").get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId,
                w.integrationId).then().statusCode(400).body("field", equalTo("prefix"));
        as(Users.VIEWER).queryParam("pageSize", 5000).get("/v1/workspaces/{ws}/integrations/{id}/objects", w.workspaceId,
                w.integrationId).then().statusCode(400).body("field", equalTo("pageSize"));
    }

    @Test
    void kernelLearnsItsFoldersAndEffectiveWriteback() {
        World w = world();
        JsonPath editor = register("k-editor-" + w.projectId, Users.EDITOR);
        assertEquals(List.of("external-files/s3/" + w.slug + "/"), editor.getList("integrations.folder"));
        assertEquals(List.of(true), editor.getList("integrations.writeback"));
        JsonPath viewer = register("k-viewer-" + w.projectId, Users.VIEWER);
        assertEquals(List.of(false), viewer.getList("integrations.writeback"), "a viewer cannot edit: no export");
        JsonPath outsiderGrant = register("k-editor2-" + w.projectId, Users.EDITOR2);
        assertEquals(List.of(), outsiderGrant.getList("integrations"), "no grant, no folder");
        given().auth().oauth2(Tokens.agent()).put("/internal/v1/kernels/{k}/heartbeat", "k-viewer-" + w.projectId)
                .then().statusCode(200).body("integrations[0].slug", equalTo(w.slug));
    }

    private static long manifestSize(World w) {
        return as(Users.VIEWER).get("/v1/projects/{p}/manifest", w.projectId).then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    static JsonPath register(String kernelId, Users user) {
        return given().auth().oauth2(Tokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("kernelId", kernelId, "projectId", world().projectId, "userId", user.id, "agentUrl",
                        "http://127.0.0.1:18083"))
                .post("/internal/v1/kernels").then().statusCode(200).extract().jsonPath();
    }
}

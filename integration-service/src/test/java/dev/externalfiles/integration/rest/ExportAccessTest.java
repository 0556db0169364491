package dev.externalfiles.integration.rest;

import static dev.externalfiles.integration.support.World.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.support.StackConfig;
import dev.externalfiles.integration.support.Tokens;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The transfer-service asks before every transfer; the answer follows writeback, grants and permissions at once. */
@QuarkusTest
class ExportAccessTest {

    @Test
    void exportIsAllowedWithCredentialsOnlyWhileWritebackGrantAndCanEditHold() {
        World w = World.create("export");
        String kernel = register(w, "ke-" + w.projectId, Users.EDITOR);
        access(kernel, w.slug, "EXPORT").statusCode(200).body("allowed", equalTo(true))
                .body("bucket", equalTo(StackConfig.s3Bucket())).body("endpoint", equalTo(StackConfig.s3Endpoint()))
                .body("rootPrefix", equalTo(w.rootPrefix)).body("accessKeyId", equalTo(StackConfig.s3AccessKey()))
                .body("secretAccessKey", equalTo(StackConfig.s3SecretKey())).body("pathStyle", equalTo(true))
                .body("agentUrl", equalTo("http://127.0.0.1:18083"))
                // The local S3 server's endpoint is on the test profile's allow-list, so it may be on loopback.
                .body("endpointAllowListed", equalTo(true));

        as(Users.ADMIN).body(Map.of("version", w.version(), "writeback", false))
                .patch("/v1/workspaces/{ws}/integrations/{id}", w.workspaceId, w.integrationId).then().statusCode(200);
        access(kernel, w.slug, "EXPORT").body("allowed", equalTo(false)).body("reason", equalTo("WRITEBACK_OFF"))
                .body("secretAccessKey", nullValue());
        access(kernel, w.slug, "IMPORT").body("allowed", equalTo(true));

        as(Users.ADMIN).body(Map.of("version", w.version(), "writeback", true))
                .patch("/v1/workspaces/{ws}/integrations/{id}", w.workspaceId, w.integrationId).then().statusCode(200);
        access(kernel, w.slug, "EXPORT").body("allowed", equalTo(true));

        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", w.workspaceId, w.integrationId,
                Users.EDITOR.id).then().statusCode(204);
        access(kernel, w.slug, "EXPORT").body("allowed", equalTo(false)).body("reason", equalTo("NO_ACCESS"));
        access(kernel, w.slug, "IMPORT").body("allowed", equalTo(false)).body("reason", equalTo("NO_ACCESS"));
    }

    @Test
    void viewerKernelGetsNeitherImportsNorExportsUntilItsUserCanEdit() {
        World w = World.create("export-viewer");
        String kernel = register(w, "kv-" + w.projectId, Users.VIEWER);
        access(kernel, w.slug, "EXPORT").body("allowed", equalTo(false)).body("reason", equalTo("PROJECT_PERMISSION"));
        access(kernel, w.slug, "IMPORT").body("allowed", equalTo(false)).body("reason", equalTo("PROJECT_PERMISSION"));
        w.permission(Users.VIEWER, "CAN_EDIT");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> access(kernel, w.slug, "EXPORT").body("allowed", equalTo(true)));
    }

    @Test
    void importsGoOnlyToKernelsWhoseUserMayImport() {
        World w = World.create("export-eligible");
        String editorKernel = register(w, "kel-" + w.projectId, Users.EDITOR);
        String viewerKernel = register(w, "kvi-" + w.projectId, Users.VIEWER);
        String noGrantKernel = register(w, "kng-" + w.projectId, Users.EDITOR2);
        java.util.List<String> kernels = as(Users.EDITOR)
                .body(Map.of("integrationId", w.integrationId, "keys", java.util.List.of(w.rootPrefix + "readme.txt")))
                .post("/v1/projects/{p}/imports", w.projectId).then().statusCode(202).extract()
                .path("imported[0].transfers.kernelId");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(editorKernel), kernels,
                "not to " + viewerKernel + " (Can View) nor " + noGrantKernel + " (no grant)");
    }

    @Test
    void permissionAndGrantChangesTellCachesAtOnce() {
        World w = World.create("export-cache");
        // Events of the set-up must be out before the probe starts reading.
        await().atMost(Duration.ofSeconds(15)).until(() -> dev.externalfiles.integration.support.Sql
                .count("SELECT count(*) FROM outbox_event") == 0);
        try (KafkaProbe changes = KafkaProbe.from("integration-changes")) {
            w.permission(Users.EDITOR, "CAN_VIEW");
            changes.await(r -> r.key().equals(w.integrationId), 1, Duration.ofSeconds(15));
            assertEquals(1, changes.drain(Duration.ofMillis(1500)).stream().filter(r -> r.key().equals(w.integrationId)).count(),
                    "one event for the permission change");
            as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", w.workspaceId, w.integrationId,
                    Users.EDITOR.id).then().statusCode(204);
            changes.await(r -> r.key().equals(w.integrationId), 2, Duration.ofSeconds(15))
                    .forEach(r -> assertFalse(r.value().contains(StackConfig.s3SecretKey())));
        }
    }

    @Test
    void downgradedPlanStopsExports() {
        World w = World.create("export-plan");
        String kernel = register(w, "kp-" + w.projectId, Users.EDITOR);
        w.putWorkspace("COMMUNITY");
        access(kernel, w.slug, "EXPORT").body("allowed", equalTo(false)).body("reason", equalTo("PLAN"));
    }

    @Test
    void unknownKernelsSlugsAndDirectionsAreAnsweredClearly() {
        World w = World.create("export-unknown");
        access("no-such-kernel", w.slug, "EXPORT").statusCode(200).body("reason", equalTo("KERNEL_NOT_REGISTERED"));
        String kernel = register(w, "ku-" + w.projectId, Users.EDITOR);
        access(kernel, "no_such_slug", "EXPORT").statusCode(200).body("reason", equalTo("NO_SUCH_INTEGRATION"));
        access(kernel, w.slug, "SIDEWAYS").statusCode(400).body("field", equalTo("direction"));
    }

    @Test
    void registrationRefusesBadInput() {
        World w = World.create("register");
        post(Map.of("kernelId", "kr", "projectId", w.projectId, "userId", Users.OUTSIDER.id, "agentUrl", "http://127.0.0.1:1"))
                .statusCode(400).body("field", equalTo("userId"));
        post(Map.of("kernelId", "kr2", "projectId", "no-such-project", "userId", Users.EDITOR.id, "agentUrl",
                "http://127.0.0.1:1")).statusCode(404);
        post(Map.of("kernelId", "kr3", "projectId", w.projectId, "userId", Users.EDITOR.id, "agentUrl", "file:///etc/passwd"))
                .statusCode(400).body("field", equalTo("agentUrl"));
        post(Map.of("kernelId", "bad kernel id", "projectId", w.projectId, "userId", Users.EDITOR.id, "agentUrl",
                "http://127.0.0.1:1")).statusCode(400).body("field", equalTo("kernelId"));
        post(Map.of("projectId", w.projectId)).statusCode(400);
        String kernel = register(w, "kr4-" + w.projectId, Users.EDITOR);
        post(Map.of("kernelId", kernel, "projectId", w.projectId, "userId", Users.MANAGER.id, "agentUrl", "http://127.0.0.1:1"))
                .statusCode(409);
        post(Map.of("kernelId", kernel, "projectId", w.projectId, "userId", Users.EDITOR.id, "agentUrl",
                "https://elsewhere.example")).statusCode(409).body("type", equalTo("urn:external-files:problem:agent-url-changed"));
        w.member(Users.OUTSIDER, "VIEWER");
        post(Map.of("kernelId", "kr5", "projectId", w.projectId, "userId", Users.OUTSIDER.id, "agentUrl",
                "http://127.0.0.1:1")).statusCode(400).body("detail", org.hamcrest.Matchers.containsString("no permission"));
        given().auth().oauth2(Tokens.agent()).put("/internal/v1/kernels/{k}/heartbeat", "never-registered")
                .then().statusCode(404);
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.agent()).contentType(ContentType.JSON).body(body).post("/internal/v1/kernels")
                .then();
    }

    private static String register(World w, String kernelId, Users user) {
        post(Map.of("kernelId", kernelId, "projectId", w.projectId, "userId", user.id, "agentUrl", "http://127.0.0.1:18083"))
                .statusCode(200);
        return kernelId;
    }

    private static ValidatableResponse access(String kernel, String slug, String direction) {
        return given().auth().oauth2(Tokens.transfer()).queryParam("direction", direction)
                .get("/internal/v1/kernels/{k}/integrations/{slug}/access", kernel, slug).then();
    }
}

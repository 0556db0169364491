package dev.externalfiles.integration.rest;

import static dev.externalfiles.integration.support.World.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.support.Sql;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.junit.QuarkusTest;

/** An admin connects, renames, toggles, rotates and deletes integrations; slugs follow the product's rule. */
@QuarkusTest
class IntegrationLifecycleTest {

    private World world;

    @BeforeEach
    void freshWorkspace() {
        world = World.bare("life", "TEAM");
    }

    @Test
    void documentedNameGivesDocumentedSlugAndFolder() {
        create("Hex's Testing Bucket").then().statusCode(201)
                .header("Location", containsString("/v1/workspaces/" + world.workspaceId + "/integrations/"))
                .body("slug", equalTo("hexs_testing_bucket"))
                .body("folder", equalTo("external-files/s3/hexs_testing_bucket"))
                .body("type", equalTo("s3"))
                .body("writeback", equalTo(true))
                .body("version", equalTo(0));
    }

    @Test
    void nameWhoseSlugIsTakenIsRefusedWith409AndNothingStored() {
        create("Sales Data").then().statusCode(201);
        create("SALES DATA!").then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("slug-taken")).body("field", equalTo("name"));
        assertEquals(1, countIntegrations());
    }

    @Test
    void nameWithEmptySlugIsRefusedWith400() {
        create("!!!???").then().statusCode(400).body("field", equalTo("name"));
        create("数据").then().statusCode(400).body("field", equalTo("name"));
        assertEquals(0, countIntegrations());
    }

    @Test
    void unicodeLettersAreDroppedFromTheSlug() {
        create("Café Données").then().statusCode(201).body("slug", equalTo("caf_donnes"));
    }

    @Test
    void nameLongerThan100CharactersIsRefused() {
        create("a".repeat(101)).then().statusCode(400).body("field", equalTo("name"));
        create("b".repeat(100)).then().statusCode(201).body("slug", equalTo("b".repeat(100)));
    }

    @Test
    void sameSlugInAnotherWorkspaceIsFine() {
        create("Shared Name").then().statusCode(201);
        World other = World.bare("life-other", "TEAM");
        as(Users.ADMIN).body(other.integrationBody("Shared Name")).post("/v1/workspaces/{ws}/integrations", other.workspaceId)
                .then().statusCode(201);
    }

    @Test
    void updateNeedsTheCurrentVersionAndBumpsIt() {
        String id = create("Versioned").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).body(Map.of("version", 0, "writeback", false))
                .patch("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id)
                .then().statusCode(200).body("writeback", equalTo(false)).body("version", equalTo(1));
        as(Users.ADMIN).body(Map.of("version", 0, "writeback", true))
                .patch("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id)
                .then().statusCode(409).body("type", containsString("stale-version"));
        as(Users.ADMIN).body(Map.of("version", 1, "name", "Renamed Bucket"))
                .patch("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id)
                .then().statusCode(200).body("slug", equalTo("renamed_bucket")).body("writeback", equalTo(false));
    }

    @Test
    void renameOntoATakenSlugIsRefused() {
        create("First").then().statusCode(201);
        String id = create("Second").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).body(Map.of("version", 0, "name", "first"))
                .patch("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id)
                .then().statusCode(409).body("type", containsString("slug-taken"));
    }

    @Test
    void rotatingToWrongCredentialsIsRefusedAndKeepsTheOldOnes() {
        String id = create("Rotating").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).body(Map.of("version", 0, "accessKeyId", "local-access-key", "secretAccessKey", "wrong-secret"))
                .put("/v1/workspaces/{ws}/integrations/{id}/credentials", world.workspaceId, id)
                .then().statusCode(422).body("field", equalTo("secretAccessKey"));
        byte[] before = (byte[]) Sql.query("SELECT secret_ciphertext FROM integration WHERE id = ?::uuid", id).get(0)
                .get("secret_ciphertext");
        as(Users.ADMIN).body(Map.of("version", 0, "accessKeyId", "local-access-key", "secretAccessKey",
                dev.externalfiles.integration.support.StackConfig.s3SecretKey()))
                .put("/v1/workspaces/{ws}/integrations/{id}/credentials", world.workspaceId, id)
                .then().statusCode(200).body("version", equalTo(1)).body("accessKeyId", equalTo("****-key"));
        byte[] after = (byte[]) Sql.query("SELECT secret_ciphertext FROM integration WHERE id = ?::uuid", id).get(0)
                .get("secret_ciphertext");
        assertEquals(false, java.util.Arrays.equals(before, after), "rotation re-encrypts the secret");
    }

    @Test
    void deleteRemovesTheIntegrationAndItsGrants() {
        String id = create("Doomed").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", world.workspaceId, id, Users.EDITOR.id)
                .then().statusCode(200);
        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).then().statusCode(204);
        as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).then().statusCode(404);
        assertEquals(0, Sql.count("SELECT count(*) FROM access_grant WHERE integration_id = ?::uuid", id));
        as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations", world.workspaceId).then().statusCode(200)
                .body("id", not(hasItem(id)));
    }

    @Test
    void editorSeesOnlyGrantedIntegrations() {
        String granted = create("Granted").then().statusCode(201).extract().path("id");
        String hidden = create("Hidden").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", world.workspaceId, granted,
                Users.EDITOR.id).then().statusCode(200);
        as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations", world.workspaceId).then().statusCode(200)
                .body("id", hasItem(granted)).body("id", not(hasItem(hidden)));
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", world.workspaceId, hidden)
                .then().statusCode(200).body("wholeWorkspace", equalTo(true));
        as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations", world.workspaceId).then().statusCode(200)
                .body("id", hasItem(hidden));
        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", world.workspaceId, hidden)
                .then().statusCode(204);
        as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, hidden).then().statusCode(403);
    }

    @Test
    void afterADowngradeAdminsCanStillDeleteButNobodyLists() {
        String id = create("Downgraded").then().statusCode(201).extract().path("id");
        world.putWorkspace("COMMUNITY");
        as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations", world.workspaceId).then().statusCode(403);
        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", world.workspaceId, id)
                .then().statusCode(204);
        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).then().statusCode(204);
        assertEquals(0, countIntegrations());
    }

    @Test
    void aMemberWhoLeavesLosesTheirGrants() {
        String id = create("Leaving").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", world.workspaceId, id, Users.EDITOR.id)
                .then().statusCode(200);
        World.platform().delete("/v1/workspaces/{ws}/members/{u}", world.workspaceId, Users.EDITOR.id).then().statusCode(204);
        world.member(Users.EDITOR, "EDITOR");
        as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).then().statusCode(403);
    }

    @Test
    void leadingSpacesDoNotChangeTheSlug() {
        create("  Padded Name  ").then().statusCode(201).body("slug", equalTo("padded_name")).body("name", equalTo("Padded Name"));
    }

    @Test
    void customEndpointsAreAlwaysPathStyle() {
        Map<String, Object> body = new HashMap<>(world.integrationBody("Virtual Hosts"));
        body.put("pathStyle", false);
        as(Users.ADMIN).body(body).post("/v1/workspaces/{ws}/integrations", world.workspaceId)
                .then().statusCode(400).body("field", equalTo("pathStyle"));
    }

    @Test
    void platformDeletesProjectsAndWorkspacesWithWhatTheyHold() {
        String id = create("Short Lived").then().statusCode(201).extract().path("id");
        World.platform().delete("/v1/workspaces/{ws}/projects/{p}", world.workspaceId, world.projectId).then().statusCode(204);
        assertEquals(0, Sql.count("SELECT count(*) FROM project WHERE id = ?", world.projectId));
        World.platform().delete("/v1/workspaces/{ws}", world.workspaceId).then().statusCode(204);
        assertEquals(0, Sql.count("SELECT count(*) FROM integration WHERE id = ?::uuid", id));
        World.platform().delete("/v1/workspaces/{ws}", world.workspaceId).then().statusCode(204);
    }

    @Test
    void grantingANonMemberIsRefused() {
        String id = create("Members Only").then().statusCode(201).extract().path("id");
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", world.workspaceId, id,
                Users.OUTSIDER.id).then().statusCode(400).body("field", equalTo("userId"));
    }

    private io.restassured.response.Response create(String name) {
        Map<String, Object> body = new HashMap<>(world.integrationBody(name));
        return as(Users.ADMIN).body(body).post("/v1/workspaces/{ws}/integrations", world.workspaceId);
    }

    private long countIntegrations() {
        return Sql.count("SELECT count(*) FROM integration WHERE workspace_id = ?", world.workspaceId);
    }
}

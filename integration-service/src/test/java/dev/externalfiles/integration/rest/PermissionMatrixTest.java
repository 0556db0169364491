package dev.externalfiles.integration.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.externalfiles.integration.support.Tokens;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint, called by every kind of caller with a real Keycloak token: each workspace
 * role with its project permission, a member without a grant, a non-member, the three service
 * identities, and no token, an expired token and a token from another issuer.
 */
@QuarkusTest
class PermissionMatrixTest {

    /** Who calls. Users have the project permission World gives them; EDITOR2 has Can Edit but no grant. */
    enum Caller {
        ADMIN, MANAGER, EDITOR, EXPLORER, VIEWER, EDITOR2, OUTSIDER, PLATFORM, AGENT, TRANSFER, NO_TOKEN, EXPIRED, OTHER_ISSUER
    }

    private static World world;
    private static String expiredToken;

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        setUp();
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            for (Caller caller : Caller.values()) {
                int expected = row.expected.getOrDefault(caller, defaultFor(caller));
                tests.add(DynamicTest.dynamicTest(row.name + " as " + caller + " -> " + expected, () -> {
                    Response response = row.call.apply(spec(caller), caller);
                    assertEquals(expected, response.statusCode(), row.name + " as " + caller + ": " + response.asString());
                    if (expected >= 400) {
                        assertEquals("application/problem+json", response.contentType().split(";")[0],
                                "errors are problem+json");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void communityPlanCannotCreateIntegrations() {
        World community = World.bare("community", "COMMUNITY");
        Response r = World.as(Users.ADMIN).body(community.integrationBody("Nope"))
                .post("/v1/workspaces/{ws}/integrations", community.workspaceId);
        assertEquals(403, r.statusCode());
        assertEquals("urn:external-files:problem:plan-forbids-integrations", r.jsonPath().getString("type"));
    }

    @Test
    void everyPaidPlanAllowsIntegrations() {
        for (String plan : List.of("PROFESSIONAL", "TEAM", "ENTERPRISE")) {
            World paid = World.bare("plan-" + plan.toLowerCase(), plan);
            World.as(Users.ADMIN).body(paid.integrationBody("Paid " + plan))
                    .post("/v1/workspaces/{ws}/integrations", paid.workspaceId).then().statusCode(201);
        }
    }

    @Test
    void projectPermissionDecidesImportWhateverTheWorkspaceRole() {
        World w = World.create("role-vs-permission");
        // An admin without a project permission may not import; an editor with Can View neither.
        World.platform().delete("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", w.workspaceId, w.projectId, Users.ADMIN.id)
                .then().statusCode(204);
        w.permission(Users.EDITOR, "CAN_VIEW");
        for (Users user : List.of(Users.ADMIN, Users.EDITOR)) {
            World.as(user).body(Map.of("integrationId", w.integrationId, "keys", List.of(w.rootPrefix + "readme.txt")))
                    .post("/v1/projects/{p}/imports", w.projectId).then().statusCode(403);
        }
        assertEquals(0, dev.externalfiles.integration.support.Sql.count(
                "SELECT count(*) FROM manifest_entry WHERE project_id = ?", w.projectId), "a refused import stores nothing");
        // Full Access for a viewer-role member is enough.
        w.permission(Users.VIEWER, "FULL_ACCESS");
        World.as(Users.VIEWER).body(Map.of("integrationId", w.integrationId, "keys", List.of(w.rootPrefix + "readme.txt")))
                .post("/v1/projects/{p}/imports", w.projectId).then().statusCode(202);
    }

    @Test
    void downgradedWorkspaceCanNoLongerBrowseOrImport() {
        World downgraded = World.create("downgrade");
        downgraded.putWorkspace("COMMUNITY");
        World.as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations/{id}/objects", downgraded.workspaceId,
                downgraded.integrationId).then().statusCode(403);
        World.as(Users.EDITOR).body(Map.of("integrationId", downgraded.integrationId, "keys",
                List.of(downgraded.rootPrefix + "readme.txt"))).post("/v1/projects/{p}/imports", downgraded.projectId)
                .then().statusCode(403);
        downgraded.putWorkspace("ENTERPRISE");
        World.as(Users.EDITOR).get("/v1/workspaces/{ws}/integrations/{id}/objects", downgraded.workspaceId,
                downgraded.integrationId).then().statusCode(200);
    }

    private static synchronized void setUp() {
        if (world != null) {
            return;
        }
        world = World.create("matrix");
        given().auth().oauth2(Tokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("kernelId", "k-" + world.projectId, "projectId", world.projectId, "userId", Users.EDITOR.id,
                        "agentUrl", "http://127.0.0.1:18083"))
                .post("/internal/v1/kernels").then().statusCode(200);
        expiredToken = Tokens.shortLived(Users.ADMIN);
        try {
            // The short-lived client's tokens live two seconds; wait them out.
            Thread.sleep(3500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int defaultFor(Caller caller) {
        return switch (caller) {
            case NO_TOKEN, EXPIRED, OTHER_ISSUER -> 401;
            default -> 403;
        };
    }

    private static RequestSpecification spec(Caller caller) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return switch (caller) {
            case NO_TOKEN -> spec;
            case EXPIRED -> spec.auth().oauth2(expiredToken);
            case OTHER_ISSUER -> spec.auth().oauth2(Tokens.otherIssuer());
            case PLATFORM -> spec.auth().oauth2(Tokens.platform());
            case AGENT -> spec.auth().oauth2(Tokens.agent());
            case TRANSFER -> spec.auth().oauth2(Tokens.transfer());
            default -> spec.auth().oauth2(Tokens.user(Users.valueOf(caller.name())));
        };
    }

    private static Map<Caller, Integer> allow(int status, Caller... callers) {
        Map<Caller, Integer> map = new EnumMap<>(Caller.class);
        for (Caller c : callers) {
            map.put(c, status);
        }
        return map;
    }

    private static final Caller[] MEMBERS = { Caller.ADMIN, Caller.MANAGER, Caller.EDITOR, Caller.EXPLORER, Caller.VIEWER,
            Caller.EDITOR2 };
    private static final Caller[] GRANTED = { Caller.ADMIN, Caller.MANAGER, Caller.EDITOR, Caller.EXPLORER, Caller.VIEWER };

    private static List<Row> rows() {
        String ws = world.workspaceId;
        String id = world.integrationId;
        String project = world.projectId;
        String kernel = "k-" + project;
        return List.of(
                new Row("list integrations", allow(200, MEMBERS),
                        (s, c) -> s.get("/v1/workspaces/{ws}/integrations", ws)),
                new Row("read integration", allow(200, GRANTED),
                        (s, c) -> s.get("/v1/workspaces/{ws}/integrations/{id}", ws, id)),
                new Row("create integration", allow(201, Caller.ADMIN),
                        (s, c) -> s.body(world.integrationBody("Matrix " + c)).post("/v1/workspaces/{ws}/integrations", ws)),
                new Row("change integration", allow(200, Caller.ADMIN),
                        (s, c) -> s.body(Map.of("version", world.version(), "writeback", true))
                                .patch("/v1/workspaces/{ws}/integrations/{id}", ws, id)),
                new Row("rotate credentials", allow(200, Caller.ADMIN),
                        (s, c) -> s.body(Map.of("version", world.version(), "accessKeyId",
                                dev.externalfiles.integration.support.StackConfig.s3AccessKey(), "secretAccessKey",
                                dev.externalfiles.integration.support.StackConfig.s3SecretKey()))
                                .put("/v1/workspaces/{ws}/integrations/{id}/credentials", ws, id)),
                new Row("delete integration", allow(204, Caller.ADMIN), (s, c) -> {
                    String doomed = World.as(Users.ADMIN).body(world.integrationBody("Doomed " + c))
                            .post("/v1/workspaces/{ws}/integrations", ws).then().statusCode(201).extract().path("id");
                    return s.delete("/v1/workspaces/{ws}/integrations/{id}", ws, doomed);
                }),
                new Row("list grants", allow(200, Caller.ADMIN),
                        (s, c) -> s.get("/v1/workspaces/{ws}/integrations/{id}/grants", ws, id)),
                new Row("grant user", allow(200, Caller.ADMIN),
                        (s, c) -> s.put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", ws, id, Users.EDITOR.id)),
                new Row("revoke user", allow(204, Caller.ADMIN),
                        (s, c) -> s.delete("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", ws, id, Users.EDITOR2.id)),
                new Row("grant workspace", allow(200, Caller.ADMIN), (s, c) -> {
                    Response r = s.put("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", ws, id);
                    // Leave the world as it was: a workspace grant would give EDITOR2 access in later rows.
                    World.as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", ws, id)
                            .then().statusCode(204);
                    return r;
                }),
                new Row("revoke workspace", allow(204, Caller.ADMIN),
                        (s, c) -> s.delete("/v1/workspaces/{ws}/integrations/{id}/grants/workspace", ws, id)),
                new Row("browse bucket", allow(200, GRANTED),
                        (s, c) -> s.get("/v1/workspaces/{ws}/integrations/{id}/objects", ws, id)),
                new Row("import", allow(202, Caller.ADMIN, Caller.MANAGER, Caller.EDITOR),
                        (s, c) -> s.body(Map.of("integrationId", id, "keys", List.of(world.rootPrefix + "readme.txt")))
                                .post("/v1/projects/{p}/imports", project)),
                new Row("read manifest", allow(200, MEMBERS), (s, c) -> s.get("/v1/projects/{p}/manifest", project)),
                new Row("read transfers", allow(200, MEMBERS), (s, c) -> s.get("/v1/projects/{p}/transfers", project)),
                new Row("read audit log", allow(200, Caller.ADMIN), (s, c) -> s.get("/v1/workspaces/{ws}/audit", ws)),
                new Row("platform: put workspace", allow(200, Caller.PLATFORM),
                        (s, c) -> s.body(Map.of("name", "Matrix", "plan", "TEAM")).put("/v1/workspaces/{ws}", ws)),
                new Row("platform: read workspace", allow(200, Caller.PLATFORM), (s, c) -> s.get("/v1/workspaces/{ws}", ws)),
                new Row("platform: put member", allow(200, Caller.PLATFORM),
                        (s, c) -> s.body(Map.of("role", "EDITOR")).put("/v1/workspaces/{ws}/members/{u}", ws, Users.EDITOR.id)),
                new Row("platform: remove member", allow(204, Caller.PLATFORM),
                        (s, c) -> s.delete("/v1/workspaces/{ws}/members/{u}", ws, "nobody")),
                new Row("platform: delete workspace", allow(204, Caller.PLATFORM),
                        (s, c) -> s.delete("/v1/workspaces/{ws}", "never-existed-" + c)),
                new Row("platform: delete project", allow(204, Caller.PLATFORM),
                        (s, c) -> s.delete("/v1/workspaces/{ws}/projects/{p}", ws, "never-existed")),
                new Row("platform: put project", allow(200, Caller.PLATFORM),
                        (s, c) -> s.body(Map.of("name", "P")).put("/v1/workspaces/{ws}/projects/{p}", ws, project)),
                new Row("platform: put permission", allow(200, Caller.PLATFORM),
                        (s, c) -> s.body(Map.of("permission", "CAN_EDIT"))
                                .put("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", ws, project, Users.EDITOR.id)),
                new Row("platform: remove permission", allow(204, Caller.PLATFORM),
                        (s, c) -> s.delete("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", ws, project, "nobody")),
                new Row("agent: register kernel", allow(200, Caller.AGENT),
                        (s, c) -> s.body(Map.of("kernelId", kernel, "projectId", project, "userId", Users.EDITOR.id,
                                "agentUrl", "http://127.0.0.1:18083")).post("/internal/v1/kernels")),
                new Row("agent: heartbeat", allow(200, Caller.AGENT),
                        (s, c) -> s.put("/internal/v1/kernels/{k}/heartbeat", kernel)),
                new Row("agent: deregister", allow(204, Caller.AGENT), (s, c) -> {
                    String temp = "tmp-" + c + "-" + project;
                    given().auth().oauth2(Tokens.agent()).contentType(ContentType.JSON)
                            .body(Map.of("kernelId", temp, "projectId", project, "userId", Users.EDITOR.id, "agentUrl",
                                    "http://127.0.0.1:18084"))
                            .post("/internal/v1/kernels").then().statusCode(200);
                    return s.delete("/internal/v1/kernels/{k}", temp);
                }),
                new Row("transfer: resolve export", allow(200, Caller.TRANSFER),
                        (s, c) -> s.queryParam("direction", "EXPORT")
                                .get("/internal/v1/kernels/{k}/integrations/{slug}/access", kernel, world.slug)),
                new Row("transfer: resolve import", allow(200, Caller.TRANSFER),
                        (s, c) -> s.queryParam("direction", "IMPORT")
                                .get("/internal/v1/kernels/{k}/integrations/{slug}/access", kernel, world.slug)));
    }

    private record Row(String name, Map<Caller, Integer> expected, BiFunction<RequestSpecification, Caller, Response> call) {
    }
}

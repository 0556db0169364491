package dev.externalfiles.integration.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import dev.externalfiles.testsupport.Users;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A workspace of its own for one test class, built through the public API exactly as the
 * platform and an admin would: members in every role, a project with a permission for each,
 * an S3 integration on the local S3Proxy under a root prefix of its own, and grants to all
 * members but {@code editor2}.
 */
public final class World {

    public final String workspaceId;
    public final String projectId;
    public final String rootPrefix;
    public String integrationId;
    public String slug;

    private World(String tag) {
        String id = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.workspaceId = "ws-" + id;
        this.projectId = "proj-" + id;
        this.rootPrefix = "worlds/" + id + "/";
        Buckets.client(); // makes sure the test bucket exists
    }

    /** A TEAM workspace with members, project, permissions, an integration named after the tag, and grants. */
    public static World create(String tag) {
        World world = new World(tag);
        world.putWorkspace("TEAM");
        world.member(Users.ADMIN, "ADMIN").member(Users.MANAGER, "MANAGER").member(Users.EDITOR, "EDITOR")
                .member(Users.EXPLORER, "EXPLORER").member(Users.VIEWER, "VIEWER").member(Users.EDITOR2, "EDITOR");
        world.project();
        world.permission(Users.ADMIN, "FULL_ACCESS").permission(Users.MANAGER, "CAN_EDIT")
                .permission(Users.EDITOR, "CAN_EDIT").permission(Users.EXPLORER, "CAN_EXPLORE")
                .permission(Users.VIEWER, "CAN_VIEW").permission(Users.EDITOR2, "CAN_EDIT");
        Buckets.put(world.rootPrefix + "readme.txt", "hello");
        world.integrationId = given().auth().oauth2(Tokens.user(Users.ADMIN)).contentType(ContentType.JSON)
                .body(world.integrationBody(tag + " Bucket " + world.workspaceId.substring(3)))
                .post("/v1/workspaces/{ws}/integrations", world.workspaceId)
                .then().statusCode(201).extract().path("id");
        world.slug = world.integration().then().extract().path("slug");
        for (Users u : new Users[] { Users.MANAGER, Users.EDITOR, Users.EXPLORER, Users.VIEWER }) {
            world.grant(u);
        }
        return world;
    }

    /** A workspace with members and a project but no integration (for plan tests). */
    public static World bare(String tag, String plan) {
        World world = new World(tag);
        world.putWorkspace(plan);
        world.member(Users.ADMIN, "ADMIN").member(Users.EDITOR, "EDITOR");
        world.project();
        world.permission(Users.ADMIN, "FULL_ACCESS").permission(Users.EDITOR, "CAN_EDIT");
        return world;
    }

    public Map<String, Object> integrationBody(String name) {
        return Map.of("name", name, "bucket", StackConfig.s3Bucket(), "region", "us-east-1", "rootPrefix", rootPrefix,
                "endpoint", StackConfig.s3Endpoint(), "accessKeyId", StackConfig.s3AccessKey(), "secretAccessKey",
                StackConfig.s3SecretKey(), "writeback", true);
    }

    public World putWorkspace(String plan) {
        platform().body(Map.of("name", "Workspace " + workspaceId, "plan", plan))
                .put("/v1/workspaces/{ws}", workspaceId).then().statusCode(200);
        return this;
    }

    public World member(Users user, String role) {
        platform().body(Map.of("role", role)).put("/v1/workspaces/{ws}/members/{u}", workspaceId, user.id)
                .then().statusCode(200);
        return this;
    }

    public World project() {
        platform().body(Map.of("name", "Project " + projectId))
                .put("/v1/workspaces/{ws}/projects/{p}", workspaceId, projectId).then().statusCode(200);
        return this;
    }

    public World permission(Users user, String permission) {
        platform().body(Map.of("permission", permission))
                .put("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", workspaceId, projectId, user.id).then().statusCode(200);
        return this;
    }

    public World grant(Users user) {
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", workspaceId, integrationId, user.id)
                .then().statusCode(200);
        return this;
    }

    public io.restassured.response.Response integration() {
        return as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations/{id}", workspaceId, integrationId);
    }

    public long version() {
        return ((Number) integration().then().statusCode(200).extract().path("version")).longValue();
    }

    public static RequestSpecification as(Users user) {
        return given().auth().oauth2(Tokens.user(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification platform() {
        return given().auth().oauth2(Tokens.platform()).contentType(ContentType.JSON);
    }
}

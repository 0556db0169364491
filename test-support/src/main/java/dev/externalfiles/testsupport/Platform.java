package dev.externalfiles.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A workspace of its own for one test, set up through integration-service's public API as the
 * platform and an admin would: a TEAM workspace, admin/editor/viewer members, a project where
 * the editor can edit and the viewer can view, and an S3 integration on the local S3Proxy
 * under a root prefix of its own, granted to the editor and the viewer.
 */
public final class Platform {

    public final String baseUrl;
    public final String workspaceId;
    public final String projectId;
    public final String rootPrefix;
    public final String bucket;
    public String integrationId;
    public String slug;

    private Platform(String baseUrl, String tag, String bucket) {
        String id = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.baseUrl = baseUrl;
        this.workspaceId = "ws-" + id;
        this.projectId = "proj-" + id;
        this.rootPrefix = "worlds/" + id + "/";
        this.bucket = bucket;
    }

    /** Sets everything up against the integration-service at {@code baseUrl}. */
    public static Platform create(String baseUrl, String tag, String integrationName) {
        Platform p = workspace(baseUrl, tag);
        var created = p.as(Users.ADMIN).body(Map.of("name", integrationName, "bucket", p.bucket, "region", "us-east-1",
                "rootPrefix", p.rootPrefix, "endpoint", Stack.s3Endpoint(), "accessKeyId", Stack.s3AccessKey(),
                "secretAccessKey", Stack.s3SecretKey(), "writeback", true))
                .post("/v1/workspaces/{ws}/integrations", p.workspaceId).then().statusCode(201).extract();
        p.integrationId = created.path("id");
        p.slug = created.path("slug");
        p.grant(Users.EDITOR).grant(Users.VIEWER);
        return p;
    }

    /**
     * Everything but the integration: the TEAM workspace, its admin/editor/viewer members and the
     * project with their permissions, and the bucket with the root prefix of this workspace. For a
     * test that creates the integration itself, as the admin would ({@link #integrationId} and
     * {@link #slug} are then the test's to set).
     */
    public static Platform workspace(String baseUrl, String tag) {
        Platform p = new Platform(baseUrl, tag, Buckets.TEST_BUCKET);
        Buckets.ensureBucket(p.bucket);
        Buckets.put(p.bucket, p.rootPrefix + ".keep", "kept");
        p.platform().body(Map.of("name", "Workspace " + p.workspaceId, "plan", "TEAM"))
                .put("/v1/workspaces/{ws}", p.workspaceId).then().statusCode(200);
        p.member(Users.ADMIN, "ADMIN").member(Users.EDITOR, "EDITOR").member(Users.VIEWER, "VIEWER");
        p.platform().body(Map.of("name", "Project " + p.projectId))
                .put("/v1/workspaces/{ws}/projects/{p}", p.workspaceId, p.projectId).then().statusCode(200);
        p.permission(Users.ADMIN, "FULL_ACCESS").permission(Users.EDITOR, "CAN_EDIT").permission(Users.VIEWER, "CAN_VIEW");
        return p;
    }

    public Platform member(Users user, String role) {
        platform().body(Map.of("role", role)).put("/v1/workspaces/{ws}/members/{u}", workspaceId, user.id)
                .then().statusCode(200);
        return this;
    }

    public Platform permission(Users user, String permission) {
        platform().body(Map.of("permission", permission))
                .put("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", workspaceId, projectId, user.id).then().statusCode(200);
        return this;
    }

    public Platform grant(Users user) {
        as(Users.ADMIN).put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", workspaceId, integrationId, user.id)
                .then().statusCode(200);
        return this;
    }

    public Platform revoke(Users user) {
        as(Users.ADMIN).delete("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", workspaceId, integrationId, user.id)
                .then().statusCode(204);
        return this;
    }

    public Platform writeback(boolean on) {
        long version = ((Number) as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations/{id}", workspaceId, integrationId)
                .then().statusCode(200).extract().path("version")).longValue();
        as(Users.ADMIN).body(Map.of("version", version, "writeback", on))
                .patch("/v1/workspaces/{ws}/integrations/{id}", workspaceId, integrationId).then().statusCode(200);
        return this;
    }

    /** The key under which a file of the integration folder lives in the bucket. */
    public String keyOf(String path) {
        return rootPrefix + path;
    }

    public RequestSpecification as(Users user) {
        return given().baseUri(baseUrl).auth().oauth2(Tokens.user(user)).contentType(ContentType.JSON);
    }

    public RequestSpecification platform() {
        return given().baseUri(baseUrl).auth().oauth2(Tokens.platform()).contentType(ContentType.JSON);
    }
}

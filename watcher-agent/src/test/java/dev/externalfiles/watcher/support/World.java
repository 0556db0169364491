package dev.externalfiles.watcher.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A workspace of its own for one test class, made through integration-service's public API as
 * the platform and an admin would: admin and editor as members, a project the editor can edit,
 * an S3 integration on the local S3Proxy granted to the editor.
 */
public final class World {

    public final String workspaceId;
    public final String projectId;
    public final String tag;
    private final String base;

    private World(String tag) {
        this.tag = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.workspaceId = "ws-" + this.tag;
        this.projectId = "proj-" + this.tag;
        this.base = IntegrationService.url();
    }

    public static World create(String tag) {
        Buckets.ensure();
        World world = new World(tag);
        world.platform().body(Map.of("name", "Workspace " + world.tag, "plan", "TEAM"))
                .put("/v1/workspaces/{ws}", world.workspaceId).then().statusCode(200);
        world.member(Users.ADMIN, "ADMIN").member(Users.EDITOR, "EDITOR");
        world.platform().body(Map.of("name", "Project " + world.tag))
                .put("/v1/workspaces/{ws}/projects/{p}", world.workspaceId, world.projectId).then().statusCode(200);
        world.platform().body(Map.of("permission", "CAN_EDIT"))
                .put("/v1/workspaces/{ws}/projects/{p}/permissions/{u}", world.workspaceId, world.projectId, Users.EDITOR.id)
                .then().statusCode(200);
        return world;
    }

    /** Creates an integration named {@code name} and grants it to the editor; answers its slug. */
    public Integration integration(String name) {
        var created = admin().body(Map.of("name", name, "bucket", Stack.s3Bucket(), "region", "us-east-1",
                "endpoint", Stack.s3Endpoint(), "accessKeyId", Stack.s3AccessKey(), "secretAccessKey", Stack.s3SecretKey(),
                "writeback", true))
                .post("/v1/workspaces/{ws}/integrations", workspaceId).then().statusCode(201).extract();
        Integration integration = new Integration(created.path("id"), created.path("slug"));
        grant(integration);
        return integration;
    }

    public void grant(Integration integration) {
        admin().put("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", workspaceId, integration.id(), Users.EDITOR.id)
                .then().statusCode(200);
    }

    public void revoke(Integration integration) {
        admin().delete("/v1/workspaces/{ws}/integrations/{id}/grants/users/{u}", workspaceId, integration.id(),
                Users.EDITOR.id).then().statusCode(204);
    }

    /** What integration-service tells the transfer-service about moving a file of the kernel now. */
    public Map<String, Object> access(String kernelId, String slug) {
        return given().baseUri(base).auth().oauth2(Tokens.transfer())
                .get("/internal/v1/kernels/{k}/integrations/{slug}/access?direction=EXPORT", kernelId, slug)
                .then().statusCode(200).extract().as(Map.class);
    }

    private World member(Users user, String role) {
        platform().body(Map.of("role", role)).put("/v1/workspaces/{ws}/members/{u}", workspaceId, user.id)
                .then().statusCode(200);
        return this;
    }

    private RequestSpecification platform() {
        return given().baseUri(base).auth().oauth2(Tokens.platform()).contentType(ContentType.JSON);
    }

    private RequestSpecification admin() {
        return given().baseUri(base).auth().oauth2(Tokens.user(Users.ADMIN)).contentType(ContentType.JSON);
    }

    /** An integration of the world: its id and slug. */
    public record Integration(String id, String slug) {
    }
}

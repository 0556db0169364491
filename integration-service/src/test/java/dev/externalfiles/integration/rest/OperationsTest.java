package dev.externalfiles.integration.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Operators get health, Prometheus metrics and the OpenAPI document without a token. */
@QuarkusTest
class OperationsTest {

    @Test
    void healthIsUpWithDatabaseAndKafkaChecks() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesTheEndpointsWithTheirErrors() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/workspaces/{workspaceId}/integrations"))
                .body("paths", hasKey("/v1/projects/{projectId}/imports"))
                .body("paths", hasKey("/internal/v1/kernels/{kernelId}/integrations/{slug}/access"))
                .body("paths.'/v1/workspaces/{workspaceId}/integrations'.post.responses", hasKey("422"))
                .body("paths.'/v1/workspaces/{workspaceId}/integrations'.post.responses", hasKey("401"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}

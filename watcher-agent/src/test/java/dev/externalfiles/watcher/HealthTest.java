package dev.externalfiles.watcher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The placeholder service starts and reports itself healthy. */
@QuarkusTest
class HealthTest {

    @Test
    void healthEndpointAnswersUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }
}

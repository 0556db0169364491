package dev.externalfiles.integration.rest;

import static dev.externalfiles.integration.support.World.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.support.Sql;
import dev.externalfiles.integration.support.StackConfig;
import dev.externalfiles.integration.support.World;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Users;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The secret access key goes in once and never comes out: not in a response, a log line, a
 * Kafka message or a readable column. Only the transfer-service's access resolution carries it.
 */
@QuarkusTest
class SecretNeverLeaksTest {

    @Test
    void secretAppearsNowhereButInTheTransferServicesResolution() throws Exception {
        World world = World.bare("secret", "TEAM");
        String secret = StackConfig.s3SecretKey();
        try (KafkaProbe changes = KafkaProbe.from("integration-changes")) {
            Map<String, Object> body = new HashMap<>(world.integrationBody("Secret Keeper"));
            String created = as(Users.ADMIN).body(body).post("/v1/workspaces/{ws}/integrations", world.workspaceId)
                    .then().statusCode(201).extract().asString();
            String id = io.restassured.path.json.JsonPath.from(created).getString("id");
            String read = as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).asString();
            String listed = as(Users.ADMIN).get("/v1/workspaces/{ws}/integrations", world.workspaceId).asString();
            String patched = as(Users.ADMIN).body(Map.of("version", 0, "writeback", false))
                    .patch("/v1/workspaces/{ws}/integrations/{id}", world.workspaceId, id).asString();
            String rotated = as(Users.ADMIN).body(Map.of("version", 1, "accessKeyId", StackConfig.s3AccessKey(),
                    "secretAccessKey", secret)).put("/v1/workspaces/{ws}/integrations/{id}/credentials", world.workspaceId, id)
                    .asString();
            String wrong = as(Users.ADMIN).body(Map.of("version", 2, "accessKeyId", StackConfig.s3AccessKey(),
                    "secretAccessKey", secret + "-wrong")).put("/v1/workspaces/{ws}/integrations/{id}/credentials",
                            world.workspaceId, id)
                    .asString();
            String audit = as(Users.ADMIN).get("/v1/workspaces/{ws}/audit", world.workspaceId).asString();
            for (String response : List.of(created, read, listed, patched, rotated, wrong, audit)) {
                assertFalse(response.contains(secret), "a response carries the secret: " + response);
                assertFalse(response.contains(StackConfig.s3AccessKey()), "the access key id is masked: " + response);
            }

            List<ConsumerRecord<String, String>> events = changes.await(r -> r.key().equals(id), 3, Duration.ofSeconds(15));
            events.forEach(e -> assertFalse(e.value().contains(secret), "a Kafka message carries the secret"));

            List<Map<String, Object>> rows = Sql.query("SELECT * FROM integration WHERE id = ?::uuid", id);
            assertEquals(1, rows.size());
            rows.get(0).forEach((column, value) -> {
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                assertFalse(text.contains(secret), "column " + column + " holds the secret in plain text");
            });
            assertEquals(0, Sql.count("SELECT count(*) FROM audit_event WHERE details LIKE ?", "%" + secret + "%"));
            assertEquals(0, Sql.count("SELECT count(*) FROM outbox_event WHERE payload LIKE ?", "%" + secret + "%"));

            Path log = Path.of("target/integration-service-test.log");
            assertTrue(Files.exists(log), "the test profile logs to a file");
            assertFalse(Files.readString(log).contains(secret), "a log line carries the secret");
        }
    }
}

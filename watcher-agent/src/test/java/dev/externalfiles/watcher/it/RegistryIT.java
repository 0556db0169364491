package dev.externalfiles.watcher.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.FileChanges;
import dev.externalfiles.watcher.support.Forwarder;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.Tokens;
import dev.externalfiles.watcher.support.World;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The agent and its registry: registration that waits for integration-service without holding
 * up health checks, folders that follow grants and revocations, deregistration at shutdown, and
 * a restarted kernel (empty directory) that publishes nothing by itself.
 */
@ExtendWith(IntegrationService.class)
class RegistryIT {

    private static final Duration PATIENCE = FileChanges.PATIENCE;

    @Test
    void registersOnceTheRegistryIsReachableAndIsAliveButNotReadyUntilThen() throws Exception {
        World world = World.create("late");
        World.Integration integration = world.integration("Late " + world.tag);
        try (Forwarder registry = Forwarder.closed();
                Agent agent = Agent.launch(world, "late", Map.of("watcher.registry.url",
                        "http://127.0.0.1:" + registry.port(), "watcher.registry.retry-max", "2s"))) {
            agent.process().awaitUp("/q/health/live", PATIENCE);
            await().atMost(PATIENCE).until(() -> readiness(agent).getInt("checks[0].data.failedAttempts") >= 2);
            JsonPath ready = readiness(agent);
            assertThat(ready.getString("status")).isEqualTo("DOWN");
            assertThat(ready.getString("checks[0].data.registration")).isEqualTo("REGISTERING");
            assertThat(ready.getString("checks[0].data.lastError")).contains("not reachable");
            assertThat(agent.projectDir.resolve("external-files")).doesNotExist();
            registry.forwardTo(URI.create(IntegrationService.url()).getPort());
            agent.awaitReady();
            assertThat(agent.folder(integration.slug())).isDirectory();
        }
    }

    @Test
    void foldersFollowGrantsAndRevocationsAndRevokedFilesStay() throws Exception {
        World world = World.create("grants");
        World.Integration first = world.integration("First " + world.tag);
        try (Agent agent = Agent.start(world, "grants"); FileChanges changes = FileChanges.of(agent.kernelId)) {
            Path firstFolder = agent.folder(first.slug());
            World.Integration second = world.integration("Second " + world.tag);
            Path secondFolder = agent.folder(second.slug());
            await().atMost(PATIENCE).until(() -> Files.isDirectory(secondFolder) && readiness(agent).getInt(
                    "checks[0].data.folders") == 2);
            Files.writeString(secondFolder.resolve("added.txt"), "added");
            assertThat(changes.awaitPath("added.txt").slug()).isEqualTo(second.slug());

            Files.writeString(firstFolder.resolve("kept.txt"), "written before the revocation");
            changes.awaitPath("kept.txt");
            world.revoke(first);
            await().atMost(PATIENCE).until(() -> readiness(agent).getInt("checks[0].data.folders") == 1);
            Files.writeString(firstFolder.resolve("after-revocation.txt"), "not published");
            assertThat(changes.settle(secondFolder)).extracting(FileChanges.Event::path)
                    .containsExactlyInAnyOrder("added.txt", "kept.txt");
            assertThat(firstFolder.resolve("kept.txt")).hasContent("written before the revocation");
            assertThat(firstFolder.resolve("after-revocation.txt")).exists();

            // Granted again: watched again, and what changed meanwhile is published.
            world.grant(first);
            assertThat(changes.awaitPath("after-revocation.txt").slug()).isEqualTo(first.slug());
        }
    }

    @Test
    void aSlugGrantedSinceTheLastHeartbeatIsReadEarlyWhenATransferAsksForIt() throws Exception {
        World world = World.create("early");
        world.integration("First " + world.tag);
        // No heartbeat falls due during the test: only one brought forward can bring the new folder.
        try (Agent agent = Agent.start(world, "early", Map.of("watcher.registry.heartbeat-interval", "1h"))) {
            World.Integration granted = world.integration("Granted " + world.tag);
            String file = agent.url() + "/v1/files/" + granted.slug() + "/imported.csv";
            JsonPath refused = JsonPath.from(putAsTransfer(file, "a,b\n").then().statusCode(404)
                    .contentType("application/problem+json").extract().asString());
            assertThat(refused.getString("type")).endsWith("unknown-integration");
            // The transfer-service retries such a store; meanwhile the agent has asked the registry.
            await().atMost(PATIENCE).until(() -> putAsTransfer(file, "a,b\n").statusCode() == 200);
            assertThat(agent.folder(granted.slug()).resolve("imported.csv")).hasContent("a,b\n");
            assertThat(readiness(agent).getInt("checks[0].data.folders")).isEqualTo(2);
        }
    }

    @Test
    void deregistersAtShutdownSoItsKernelGetsNoMoreTransfers() {
        World world = World.create("bye");
        World.Integration integration = world.integration("Bye " + world.tag);
        Agent agent = Agent.start(world, "bye");
        try {
            assertThat(world.access(agent.kernelId, integration.slug())).containsEntry("allowed", true)
                    .containsEntry("agentUrl", agent.url());
            agent.stop();
            assertThat(world.access(agent.kernelId, integration.slug())).containsEntry("allowed", false)
                    .containsEntry("reason", "KERNEL_NOT_REGISTERED");
            assertThat(agent.process().logText()).contains("deregistered");
        } finally {
            agent.close();
        }
    }

    @Test
    void aRestartedKernelWithAnEmptyDirectoryPublishesNothingByItself() throws Exception {
        World world = World.create("fresh");
        World.Integration integration = world.integration("Fresh " + world.tag);
        Agent agent = Agent.start(world, "fresh");
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            for (int i = 0; i < 5; i++) {
                Files.writeString(agent.folder(integration.slug()).resolve("file-" + i + ".csv"), "content " + i);
            }
            changes.await(e -> e.path().startsWith("file-"), 5);
            agent.stop();
            // The kernel restarts: its directory is new and empty (the agent's state survived, the worst case).
            try (Stream<Path> all = Files.walk(agent.projectDir)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).filter(p -> !p.equals(agent.projectDir))
                        .forEach(p -> p.toFile().delete());
            }
            agent.launch().awaitReady();
            assertThat(changes.settle(agent.folder(integration.slug()))).hasSize(5);
        } finally {
            agent.close();
        }
    }

    private static JsonPath readiness(Agent agent) {
        return given().get(agent.url() + "/q/health/ready").then().extract().jsonPath();
    }

    private static Response putAsTransfer(String url, String body) {
        return given().auth().oauth2(Tokens.transfer()).contentType("text/csv").body(body).put(url);
    }
}

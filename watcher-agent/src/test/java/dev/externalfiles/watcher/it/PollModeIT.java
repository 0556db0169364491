package dev.externalfiles.watcher.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.FileChanges;
import dev.externalfiles.watcher.support.Hashes;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.World;

/** Where inotify is not available, the agent polls: a file still publishes once, once it stopped changing. */
@ExtendWith(IntegrationService.class)
class PollModeIT {

    @Test
    void withoutInotifyChangedFilesArePublishedOnceAfterTheQuietPeriodAndLinksAndHiddenNamesNever() throws Exception {
        World world = World.create("poll");
        World.Integration integration = world.integration("Poll " + world.tag);
        try (Agent agent = Agent.start(world, "poll", Map.of("watcher.watch.mode", "poll",
                "watcher.watch.poll-interval", "500ms"))) {
            assertThat(given().get(agent.url() + "/q/health/ready").then().extract().jsonPath()
                    .getString("checks[0].data.watching")).isEqualTo("poll");
            Path folder = agent.folder(integration.slug());
            try (FileChanges changes = FileChanges.of(agent.kernelId)) {
                Files.createDirectories(folder.resolve("nested"));
                Files.writeString(folder.resolve("nested/polled.csv"), "a,b\n");
                Files.writeString(folder.resolve("nested/polled.csv"), "a,b\n1,2\n");
                Files.writeString(folder.resolve(".hidden"), "hidden");
                Files.createSymbolicLink(folder.resolve("passwd"), Path.of("/etc/passwd"));
                assertThat(changes.awaitPath("nested/polled.csv").sha256()).isEqualTo(Hashes.of("a,b\n1,2\n"));
                assertThat(changes.settle(folder)).extracting(FileChanges.Event::path).containsExactly("nested/polled.csv");
            }
        }
    }
}

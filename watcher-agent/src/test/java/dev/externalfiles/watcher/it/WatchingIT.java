package dev.externalfiles.watcher.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.FileChanges;
import dev.externalfiles.watcher.support.Hashes;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.Tokens;
import dev.externalfiles.watcher.support.World;

/**
 * What a notebook's writes become on the real broker: one FileChanged per finished file, after
 * the close, with the final hash; nothing for temporary and hidden names nor for links.
 */
@ExtendWith(IntegrationService.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchingIT {

    private World world;
    private World.Integration integration;
    private Agent agent;
    private Path folder;

    @BeforeAll
    void start() {
        world = World.create("watching");
        integration = world.integration("Watching " + world.tag);
        agent = Agent.start(world, "watching");
        folder = agent.folder(integration.slug());
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void fileWrittenSlowlyInChunksYieldsOneEventAfterTheClose() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            StringBuilder written = new StringBuilder();
            try (OutputStream out = new FileOutputStream(folder.resolve("slow.csv").toFile())) {
                for (int i = 0; i < 10; i++) {
                    String chunk = "row " + i + ",".repeat(1000) + "\n";
                    out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    written.append(chunk);
                    Thread.sleep(400);
                }
                // Four seconds of writing, pauses longer than the quiet period: still nothing.
                assertThat(changes.changes()).as("events before the close").isEmpty();
            }
            FileChanges.Event event = changes.awaitPath("slow.csv");
            assertThat(event.sha256()).isEqualTo(Hashes.of(written.toString()));
            assertThat(event.size()).isEqualTo(written.length());
            assertThat(changes.settle(folder)).containsExactly(event);
        }
    }

    @Test
    void fileReopenedAndAppendedYieldsOneEventPerCloseWithTheFinalHash() throws Exception {
        Path file = folder.resolve("appended.txt");
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            Files.writeString(file, "first\n");
            changes.await(e -> e.path().equals("appended.txt"), 1);
            Files.writeString(file, "second\n", StandardOpenOption.APPEND);
            List<FileChanges.Event> events = changes.await(e -> e.path().equals("appended.txt"), 2);
            assertThat(events).extracting(FileChanges.Event::sha256)
                    .containsExactly(Hashes.of("first\n"), Hashes.of("first\nsecond\n"));
            // Only the first says so: the transfer-service uploads it only-if-absent without asking the bucket first.
            assertThat(events).extracting(FileChanges.Event::firstVersion).containsExactly(true, false);
            assertThat(changes.settle(folder)).hasSize(2);
        }
    }

    @Test
    void tenRapidRewritesYieldAtMostOneEventPerCloseAndTheLastCarriesTheFinalHash() throws Exception {
        Path file = folder.resolve("rewritten.json");
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            String last = null;
            for (int i = 1; i <= 10; i++) {
                last = "{\"version\": " + i + ", \"padding\": \"" + "x".repeat(i * 100) + "\"}";
                Files.writeString(file, last);
            }
            String finalHash = Hashes.of(last);
            changes.await(e -> e.path().equals("rewritten.json") && e.sha256().equals(finalHash), 1);
            List<FileChanges.Event> events = changes.settle(folder);
            assertThat(events).hasSizeBetween(1, 10);
            assertThat(events.get(events.size() - 1).sha256()).isEqualTo(finalHash);
            assertThat(events).extracting(FileChanges.Event::sha256).doesNotHaveDuplicates();
        }
    }

    @Test
    void renameIntoPlaceYieldsOneEventForTheFinalName() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            // As editors and pandas-like writers do: write a hidden or temporary file, then rename it.
            Path temp = folder.resolve(".report.csv.swp");
            Files.writeString(temp, "a,b\n1,2\n");
            Files.move(temp, folder.resolve("report.csv"), StandardCopyOption.ATOMIC_MOVE);
            Path part = folder.resolve("download.bin.part");
            Files.writeString(part, "payload");
            Files.move(part, folder.resolve("download.bin"), StandardCopyOption.ATOMIC_MOVE);
            changes.awaitPath("report.csv");
            changes.awaitPath("download.bin");
            List<FileChanges.Event> events = changes.settle(folder);
            assertThat(events).extracting(FileChanges.Event::path).containsExactlyInAnyOrder("report.csv", "download.bin");
            assertThat(changes.forPath("report.csv").get(0).sha256()).isEqualTo(Hashes.of("a,b\n1,2\n"));
        }
    }

    @Test
    void nestedFoldersCreatedAfterStartAreWatched() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            // A file written at once into a new tree (before its watch can exist) and one written later.
            Path deep = Files.createDirectories(folder.resolve("new/nested/deep"));
            Files.writeString(deep.resolve("early.txt"), "early");
            changes.awaitPath("new/nested/deep/early.txt");
            Path deeper = Files.createDirectories(deep.resolve("deeper"));
            Files.writeString(deeper.resolve("late.txt"), "late");
            assertThat(changes.awaitPath("new/nested/deep/deeper/late.txt").sha256()).isEqualTo(Hashes.of("late"));
            // A folder moved in from outside the watched tree, with its files.
            Path outside = Files.createDirectories(agent.projectDir.resolve("elsewhere/batch"));
            Files.writeString(outside.resolve("moved.txt"), "moved");
            Files.move(outside, folder.resolve("batch"), StandardCopyOption.ATOMIC_MOVE);
            changes.awaitPath("batch/moved.txt");
            assertThat(changes.settle(folder)).extracting(FileChanges.Event::path).containsExactlyInAnyOrder(
                    "new/nested/deep/early.txt", "new/nested/deep/deeper/late.txt", "batch/moved.txt");
        }
    }

    @Test
    void symlinksToFilesAndFoldersOutsidePublishNothingAndAreNotServed() throws Exception {
        Path outside = Files.createDirectories(agent.projectDir.getParent().resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            Files.createSymbolicLink(folder.resolve("passwd"), Path.of("/etc/passwd"));
            Files.createSymbolicLink(folder.resolve("etc"), Path.of("/etc"));
            Files.createSymbolicLink(folder.resolve("outside"), outside);
            // Written through the link, and inside the linked folder after the link exists.
            Files.writeString(folder.resolve("outside").resolve("secret.txt"), "changed secret");
            Files.writeString(outside.resolve("later.txt"), "later");
            assertThat(changes.settle(folder)).isEmpty();
        }
        for (String path : List.of("passwd", "etc/passwd", "outside/secret.txt", "outside/later.txt")) {
            given().auth().oauth2(Tokens.transfer()).get(agent.url() + "/v1/files/" + integration.slug() + "/" + path)
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void temporaryAndHiddenNamesPublishNothing() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            for (String name : List.of(".hidden", "notes.txt~", "scratch.tmp", "video.part", ".notes.txt.swp", "x.swp",
                    "big.iso.crdownload")) {
                Files.writeString(folder.resolve(name), name);
            }
            Path checkpoints = Files.createDirectories(folder.resolve(".ipynb_checkpoints"));
            Files.writeString(checkpoints.resolve("analysis-checkpoint.ipynb"), "{}");
            assertThat(changes.settle(folder)).isEmpty();
        }
    }

    @Test
    void fileKeptOpenByItsWriterIsPublishedOnceItFallsQuiet() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            try (FileOutputStream out = new FileOutputStream(folder.resolve("open.log").toFile())) {
                out.write("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The writer keeps the file open: the open-file quiet period (6 s here) settles it.
                assertThat(changes.awaitPath("open.log").sha256()).isEqualTo(Hashes.of("line 1\nline 2\n"));
            }
            // The close brings the same bytes: nothing new to publish.
            assertThat(changes.settle(folder)).hasSize(1);
        }
    }

    @Test
    void eventCarriesTheContractFields() throws IOException {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            Files.createDirectories(folder.resolve("sales"));
            Files.writeString(folder.resolve("sales/2024.csv"), "q,total\n1,10\n");
            FileChanges.Event event = changes.awaitPath("sales/2024.csv");
            assertThat(event.key()).isEqualTo(agent.kernelId + "/" + integration.slug() + "/sales/2024.csv");
            assertThat(event.value()).containsEntry("type", "FileChanged").containsEntry("schemaVersion", 1)
                    .containsEntry("kernelId", agent.kernelId).containsEntry("projectId", world.projectId)
                    .containsEntry("integrationType", "s3").containsEntry("slug", integration.slug())
                    .containsEntry("agentUrl", agent.url()).containsEntry("firstVersion", true)
                    .containsKeys("eventId", "mtime", "userId");
            assertThat(event.value().get("mtime").toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }
}

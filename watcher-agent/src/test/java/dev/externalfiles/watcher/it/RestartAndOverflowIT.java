package dev.externalfiles.watcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.FileChanges;
import dev.externalfiles.watcher.support.Hashes;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.World;

/**
 * Nothing is lost and nothing is doubled when the agent cannot follow: across its own restart
 * while files change, and across an inotify queue overflow (the agent paused while thousands of
 * files appear). Every changed file is read back from the broker exactly once, with its final hash.
 */
@ExtendWith(IntegrationService.class)
class RestartAndOverflowIT {

    @Test
    void afterAnAgentRestartExactlyTheFilesChangedMeanwhileArePublishedOnce() throws Exception {
        World world = World.create("restart");
        World.Integration integration = world.integration("Restart " + world.tag);
        Agent agent = Agent.start(world, "restart");
        Path folder = agent.folder(integration.slug());
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            Files.createDirectories(folder.resolve("data"));
            for (int i = 0; i < 40; i++) {
                Files.writeString(folder.resolve("data/file-" + i + ".csv"), "version 1 of " + i);
            }
            changes.await(e -> e.path().startsWith("data/"), 40);
            agent.stop();

            Map<String, String> expected = new HashMap<>();
            for (int i = 0; i < 10; i++) { // changed while the agent is down
                expected.put(write(folder, "data/file-" + i + ".csv", "version 2 of " + i), Hashes.of("version 2 of " + i));
            }
            for (int i = 0; i < 5; i++) { // created while it is down, one in a new folder
                String path = (i == 0 ? "new-folder/" : "data/") + "new-" + i + ".csv";
                Files.createDirectories(folder.resolve(path).getParent());
                expected.put(write(folder, path, "new " + i), Hashes.of("new " + i));
            }
            for (int i = 10; i < 15; i++) { // touched, same bytes: not a change
                Files.setLastModifiedTime(folder.resolve("data/file-" + i + ".csv"), FileTime.from(Instant.now()));
            }
            for (int i = 15; i < 18; i++) { // replaced by a copy with the same bytes (new inode): not a change
                Path file = folder.resolve("data/file-" + i + ".csv");
                Path copy = folder.resolve("data/.copy-" + i);
                Files.copy(file, copy);
                Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.delete(folder.resolve("data/file-18.csv"));

            agent.launch();
            // ... and changed while it starts, before and while it scans.
            for (int i = 20; i < 25; i++) {
                expected.put(write(folder, "data/file-" + i + ".csv", "version 3 of " + i), Hashes.of("version 3 of " + i));
            }
            agent.awaitReady();
            for (int i = 25; i < 30; i++) {
                expected.put(write(folder, "data/file-" + i + ".csv", "version 4 of " + i), Hashes.of("version 4 of " + i));
            }
            changes.await(e -> e.sha256().equals(expected.get(e.path())), expected.size());
            List<FileChanges.Event> afterRestart = changes.settle(folder).stream().skip(40).toList();
            Map<String, String> published = afterRestart.stream()
                    .collect(Collectors.toMap(FileChanges.Event::path, FileChanges.Event::sha256, (a, b) -> {
                        throw new AssertionError("published twice: " + a + " and " + b);
                    }));
            assertThat(published).isEqualTo(expected);
        } finally {
            agent.close();
        }
    }

    @Test
    void anInotifyOverflowLosesNothingAndDoublesNothing() throws Exception {
        World world = World.create("overflow");
        World.Integration integration = world.integration("Overflow " + world.tag);
        Agent agent = Agent.start(world, "overflow");
        Path folder = agent.folder(integration.slug());
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            for (int i = 0; i < 50; i++) {
                Files.writeString(folder.resolve("before-" + i + ".txt"), "before " + i);
            }
            for (int d = 0; d < 20; d++) { // folders watched before the burst: their files queue events
                Files.createDirectories(folder.resolve("burst/d" + d));
                Files.writeString(folder.resolve("burst/d" + d + "/ready.txt"), "ready");
            }
            changes.await(e -> e.path().startsWith("before-") || e.path().endsWith("/ready.txt"), 70);

            // Paused, the agent reads no event; each new file queues three (create, modify, close):
            // 6,000 files are far past the kernel's queue of 16,384 events, so it overflows.
            agent.process().pause();
            Map<String, String> expected = new HashMap<>();
            try {
                for (int d = 0; d < 20; d++) {
                    Path dir = folder.resolve("burst/d" + d);
                    for (int i = 0; i < 300; i++) {
                        String content = "burst " + d + "/" + i;
                        Files.writeString(dir.resolve("f" + i + ".txt"), content);
                        expected.put("burst/d" + d + "/f" + i + ".txt", Hashes.of(content));
                    }
                }
                for (int i = 0; i < 20; i++) {
                    expected.put(write(folder, "before-" + i + ".txt", "after " + i), Hashes.of("after " + i));
                }
            } finally {
                agent.process().resume();
            }

            changes.await(e -> e.sha256().equals(expected.get(e.path())), expected.size());
            List<FileChanges.Event> events = changes.settle(folder).stream().skip(70).toList();
            Map<String, String> published = events.stream()
                    .collect(Collectors.toMap(FileChanges.Event::path, FileChanges.Event::sha256, (a, b) -> {
                        throw new AssertionError("published twice: " + a + " and " + b);
                    }));
            assertThat(published).hasSize(6020).isEqualTo(expected);
            assertThat(agent.process().logText()).contains("inotify queue overflowed");
        } finally {
            agent.close();
        }
    }

    private static String write(Path folder, String path, String content) throws Exception {
        Files.writeString(folder.resolve(path), content);
        return path;
    }
}

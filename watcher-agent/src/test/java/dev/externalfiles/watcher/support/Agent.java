package dev.externalfiles.watcher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A packaged watcher-agent for one kernel of a {@link World}, run as its own process with the
 * production JVM flags (src/main/jvm/jvm.options): its project directory and state directory
 * under target/it, registered with the test run's integration-service, publishing to the real
 * broker. Restartable with the same kernel id and directories.
 */
public final class Agent implements AutoCloseable {

    static {
        // Each run starts with no kernel directories of earlier runs (the overflow test leaves thousands of files).
        Path kernels = Stack.workDir().resolve("kernels");
        if (Files.isDirectory(kernels)) {
            try (var all = Files.walk(kernels)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public final String kernelId;
    public final Path projectDir;
    public final Path stateDir;
    private final Map<String, String> properties = new HashMap<>();
    private final int port;
    private AppProcess app;

    private Agent(World world, String name, Map<String, String> extra) {
        this.kernelId = "k-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Path base = Files.createDirectories(Stack.workDir().resolve("kernels").resolve(kernelId));
            this.projectDir = Files.createDirectories(base.resolve("project"));
            this.stateDir = base.resolve("state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = AppProcess.freePort();
        properties.put("quarkus.profile", "test");
        properties.put("watcher.kernel.id", kernelId);
        properties.put("watcher.kernel.project-id", world.projectId);
        properties.put("watcher.kernel.user-id", Users.EDITOR.id);
        properties.put("watcher.kernel.project-dir", projectDir.toString());
        properties.put("watcher.kernel.agent-url", "http://127.0.0.1:" + port);
        properties.put("watcher.state.dir", stateDir.toString());
        properties.put("watcher.registry.url", IntegrationService.url());
        properties.put("watcher.registry.heartbeat-interval", "1s");
        // Shorter than the 10 s default to keep the test short; far longer than the slow writer's pauses.
        properties.put("watcher.watch.open-file-quiet-period", "6s");
        properties.putAll(extra);
    }

    /** Starts an agent and waits until it is registered and watching. */
    public static Agent start(World world, String name) {
        return start(world, name, Map.of());
    }

    public static Agent start(World world, String name, Map<String, String> extra) {
        Agent agent = new Agent(world, name, extra);
        agent.launch().awaitReady();
        return agent;
    }

    /** Starts an agent without waiting for it. */
    public static Agent launch(World world, String name, Map<String, String> extra) {
        return new Agent(world, name, extra).launch();
    }

    /** Starts the process again after {@link #stop()}, same kernel, same directories. */
    public Agent launch() {
        Path jvmOptions = Stack.fromProperty("agent.jvm-options", "src/main/jvm/jvm.options");
        app = AppProcess.start(kernelId, Stack.fromProperty("agent.jar", "target/quarkus-app/quarkus-run.jar"),
                List.of("@" + jvmOptions), properties, port);
        return this;
    }

    public Agent awaitReady() {
        app.awaitUp("/q/health/ready", Duration.ofMinutes(2));
        return this;
    }

    /** The folder of an integration: external-files/s3/{slug}. */
    public Path folder(String slug) {
        return projectDir.resolve("external-files").resolve("s3").resolve(slug);
    }

    public String url() {
        return app.url();
    }

    public AppProcess process() {
        return app;
    }

    /** Graceful stop: in-flight events acknowledged, known hashes written, kernel deregistered. */
    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}

package dev.externalfiles.watcher.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged integration-service (the agent's registry), started once for the whole test run
 * on a free port with its test profile against the local stack, and stopped after the last test.
 * Use as {@code @ExtendWith(IntegrationService.class)}.
 */
public final class IntegrationService implements BeforeAllCallback {

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        url();
        // The root store closes its resources when the whole run ends.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Running.class,
                k -> running, Running.class);
    }

    /** The base URL of the running service, starting it on first use. */
    public static synchronized String url() {
        if (running == null) {
            Path jar = Stack.fromProperty("integration-service.jar", "../integration-service/target/quarkus-app/quarkus-run.jar");
            // A consumer group of its own, from the end of the topic: the agent's tests need no transfer
            // status, and joining the shared group would take partitions from other runs' services.
            AppProcess app = AppProcess.start("integration-service", jar, List.of("-Xmx256m"),
                    Map.of("quarkus.profile", "test",
                            "mp.messaging.incoming.transfer-status.group.id", "watcher-agent-it-" + UUID.randomUUID(),
                            "mp.messaging.incoming.transfer-status.auto.offset.reset", "latest"),
                    AppProcess.freePort());
            app.awaitUp("/q/health/ready", Duration.ofMinutes(3));
            running = new Running(app);
        }
        return running.app().url();
    }

    /** Stops the service now (for the benchmark, which runs without JUnit). */
    public static synchronized void stop() {
        if (running != null) {
            running.close();
        }
    }

    /** Closes the process when the test run's root store closes. */
    record Running(AppProcess app) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            app.stop();
            running = null;
        }
    }
}

package dev.externalfiles.transfer.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Stack;
import dev.externalfiles.testsupport.Tokens;
import dev.externalfiles.testsupport.Users;

/**
 * The three packaged services as separate processes on the real local stack, started once for
 * all transfer tests: integration-service, the transfer-service under test, and one watcher-agent
 * beside a kernel directory of the editor in a project of its own. Stopped when the JVM ends.
 */
final class RunningSystem {

    private static RunningSystem instance;

    final ServiceProcess integrationService;
    ServiceProcess transferService;
    final ServiceProcess agent;
    final Platform platform;
    final Path kernelDir;
    final String kernelId;

    /**
     * The transfer-service's consumer group of this run. Earlier runs and other modules' tests left
     * records on the topics (imports for agents that never existed); a group of its own that starts
     * at the end keeps them out, and a restarted process of this run resumes where it stopped.
     */
    final String consumerGroup = "transfer-service-it-" + UUID.randomUUID();

    private RunningSystem() {
        integrationService = ServiceProcess.of("integration-service", "it-integration-service")
                .with("quarkus.profile", "test").start();
        transferService = startTransferService();
        platform = Platform.create(integrationService.url(), "transfer", "Transfer Bucket " + UUID.randomUUID().toString()
                .substring(0, 6));
        kernelId = "kernel-" + platform.projectId;
        kernelDir = Path.of("target", "kernels", kernelId).toAbsolutePath();
        agent = agentFor(kernelId, kernelDir, Users.EDITOR, "it-agent").start();
        awaitFolder(integrationFolder(), Duration.ofSeconds(60));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
    }

    static synchronized RunningSystem get() {
        if (instance == null) {
            instance = new RunningSystem();
        }
        return instance;
    }

    /** A transfer-service process configured for tests: small multipart parts, frequent progress. */
    ServiceProcess newTransferService() {
        return ServiceProcess.of("transfer-service", "it-transfer-service")
                .with("kafka.bootstrap.servers", Stack.kafkaBootstrap())
                .with("quarkus.rest-client.integration-service.url", integrationService.url())
                .with("quarkus.oidc-client.auth-server-url", Stack.oidcUrl())
                .with("quarkus.oidc-client.credentials.secret", "transfer-service-secret")
                .with("transfer.multipart-threshold", "8M")
                .with("transfer.part-size", "5M")
                .with("transfer.part-concurrency", "1")
                .with("transfer.progress-interval", "100ms")
                .with("transfer.retry.max-backoff", "3s")
                .with("transfer.retry.max-attempts", "30")
                .with("mp.messaging.incoming.import-requests.group.id", consumerGroup)
                .with("mp.messaging.incoming.import-requests.auto.offset.reset", "latest")
                .with("mp.messaging.incoming.file-changes.group.id", consumerGroup)
                .with("mp.messaging.incoming.file-changes.auto.offset.reset", "latest");
    }

    /** Starts a transfer-service process and waits until its consumers own their partitions. */
    ServiceProcess startTransferService() {
        ServiceProcess process = newTransferService().start();
        KafkaProbe.awaitGroupAssigned(consumerGroup, 6, Duration.ofSeconds(60));
        return process;
    }

    ServiceProcess agentFor(String kernel, Path dir, Users user, String name) {
        ServiceProcess process = ServiceProcess.of("watcher-agent", name);
        return process
                .with("watcher.kernel.id", kernel)
                .with("watcher.kernel.project-id", platform.projectId)
                .with("watcher.kernel.user-id", user.id)
                .with("watcher.kernel.project-dir", dir.toString())
                .with("watcher.kernel.agent-url", process.url())
                .with("watcher.state.dir", dir.resolveSibling(kernel + "-state").toString())
                .with("watcher.registry.url", integrationService.url())
                .with("watcher.registry.oidc-url", Stack.oidcUrl())
                .with("watcher.registry.client-secret", "watcher-agent-secret")
                .with("watcher.registry.heartbeat-interval", "2s")
                .with("quarkus.oidc.auth-server-url", Stack.oidcUrl())
                .with("kafka.bootstrap.servers", Stack.kafkaBootstrap());
    }

    Path integrationFolder() {
        return kernelDir.resolve("external-files/s3/" + platform.slug);
    }

    String transferToken() {
        return Tokens.transfer();
    }

    static void awaitFolder(Path folder, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isDirectory(folder)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(folder + " was not created by the agent");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stopAll() {
        agent.stop();
        if (transferService != null) {
            transferService.stop();
        }
        integrationService.stop();
    }
}

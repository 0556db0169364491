package dev.externalfiles.transfer.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Services;
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
    final String consumerGroup = Services.freshTransferGroup("transfer-service-it");

    private RunningSystem() {
        integrationService = Services.integrationService("it-integration-service").start();
        transferService = startTransferService();
        platform = Platform.create(integrationService.url(), "transfer", "Transfer Bucket " + UUID.randomUUID().toString()
                .substring(0, 6));
        kernelId = "kernel-" + platform.projectId;
        kernelDir = Path.of("target", "kernels", kernelId).toAbsolutePath();
        agent = agentFor(kernelId, kernelDir, Users.EDITOR, "it-agent").start();
        Services.awaitFolder(integrationFolder(), Duration.ofSeconds(60));
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
        return Services.transferService("it-transfer-service", integrationService.url(), consumerGroup)
                .with("transfer.multipart-threshold", "8M")
                .with("transfer.part-size", "5M")
                .with("transfer.part-concurrency", "1")
                .with("transfer.progress-interval", "100ms")
                .with("transfer.retry.max-backoff", "3s")
                .with("transfer.retry.max-attempts", "30");
    }

    /** Starts a transfer-service process and waits until its consumers own their partitions. */
    ServiceProcess startTransferService() {
        return Services.startTransferService(newTransferService(), consumerGroup);
    }

    ServiceProcess agentFor(String kernel, Path dir, Users user, String name) {
        return Services.agent(name, kernel, platform.projectId, user, dir, integrationService.url());
    }

    Path integrationFolder() {
        return kernelDir.resolve("external-files/s3/" + platform.slug);
    }

    String transferToken() {
        return Tokens.transfer();
    }

    private void stopAll() {
        agent.stop();
        if (transferService != null) {
            transferService.stop();
        }
        integrationService.stop();
    }
}

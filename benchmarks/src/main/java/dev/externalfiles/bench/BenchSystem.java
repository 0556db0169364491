package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Services;
import dev.externalfiles.testsupport.Users;

/**
 * The whole system as a benchmark runs it: the packaged integration-service, a transfer-service
 * at a given heap with its production transfer settings (plus overrides for experiments), and a
 * watcher-agent with its production JVM flags beside one kernel of a fresh workspace whose
 * integration has writeback on. Stopped, all three, on close.
 */
final class BenchSystem implements AutoCloseable {

    final ServiceProcess integrationService;
    final ServiceProcess transferService;
    final ServiceProcess agent;
    final Platform platform;
    final String kernelId;
    final Path kernelDir;
    /** The kernel's integration folder, external-files/s3/&lt;slug&gt;/. */
    final Path folder;

    private BenchSystem(ServiceProcess integrationService, ServiceProcess transferService, ServiceProcess agent,
            Platform platform, String kernelId, Path kernelDir) {
        this.integrationService = integrationService;
        this.transferService = transferService;
        this.agent = agent;
        this.platform = platform;
        this.kernelId = kernelId;
        this.kernelDir = kernelDir;
        this.folder = kernelDir.resolve("external-files/s3/" + platform.slug);
    }

    static BenchSystem start(String tag, Path work, String heap, Map<String, String> transferSettings) throws IOException {
        ServiceProcess integrationService = null;
        ServiceProcess transferService = null;
        try {
            // The test profile caps an import at 25 objects; production allows 1,000 per request.
            integrationService = Services.integrationService("bench-integration-service")
                    .with("external-files.import.max-objects", "1000").start();
            String group = Services.freshTransferGroup("transfer-service-bench");
            ServiceProcess configured = Services.transferService("bench-transfer-service", integrationService.url(), group)
                    .jvm("-Xmx" + heap);
            transferSettings.forEach(configured::with);
            transferService = Services.startTransferService(configured, group);
            Platform platform = Platform.create(integrationService.url(), tag, "Bench " + UUID.randomUUID().toString()
                    .substring(0, 6));
            String kernelId = "kernel-" + platform.projectId;
            Path kernelDir = Files.createDirectories(work.resolve("kernels").resolve(kernelId));
            ServiceProcess agent = Services.agent("bench-agent", kernelId, platform.projectId, Users.EDITOR, kernelDir,
                    integrationService.url()).jvm(Services.agentProductionJvmOptions()).start();
            BenchSystem system = new BenchSystem(integrationService, transferService, agent, platform, kernelId, kernelDir);
            Services.awaitFolder(system.folder, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "[bench] pids: transfer-service %d, watcher-agent %d, integration-service %d"
                    + " (profile one with: jcmd <pid> JFR.start)%n", transferService.pid(), agent.pid(),
                    integrationService.pid());
            return system;
        } catch (RuntimeException | IOException e) {
            if (transferService != null) {
                transferService.close();
            }
            if (integrationService != null) {
                integrationService.close();
            }
            throw e;
        }
    }

    /** Starts recording the three services, if asked for. */
    void record(JfrRecordings recordings) {
        recordings.start("transfer-service", transferService.pid());
        recordings.start("watcher-agent", agent.pid());
        recordings.start("integration-service", integrationService.pid());
    }

    @Override
    public void close() {
        agent.close();
        transferService.close();
        integrationService.close();
    }
}

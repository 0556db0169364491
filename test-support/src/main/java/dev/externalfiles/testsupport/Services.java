package dev.externalfiles.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The three packaged services configured for the local stack, as separate processes: what the
 * transfer ITs, the end-to-end suite and the benchmarks start. Each factory returns a process not
 * yet started, so a caller can add or override properties before {@link ServiceProcess#start()}.
 */
public final class Services {

    private Services() {
    }

    /** integration-service on the test database, with the test profile's settings. */
    public static ServiceProcess integrationService(String name) {
        return ServiceProcess.of("integration-service", name).with("quarkus.profile", "test");
    }

    /**
     * A transfer-service calling the given integration-service. {@code consumerGroup} is the group
     * of both transfer consumers; a fresh group starting at the end of the topics keeps out what
     * earlier runs left there, and a restarted process of the same group resumes where it stopped.
     */
    public static ServiceProcess transferService(String name, String integrationServiceUrl, String consumerGroup) {
        return ServiceProcess.of("transfer-service", name)
                .with("kafka.bootstrap.servers", Stack.kafkaBootstrap())
                .with("quarkus.rest-client.integration-service.url", integrationServiceUrl)
                .with("quarkus.oidc-client.auth-server-url", Stack.oidcUrl())
                .with("quarkus.oidc-client.credentials.secret", "transfer-service-secret")
                .with("mp.messaging.incoming.import-requests.group.id", consumerGroup)
                .with("mp.messaging.incoming.import-requests.auto.offset.reset", "latest")
                .with("mp.messaging.incoming.file-changes.group.id", consumerGroup)
                .with("mp.messaging.incoming.file-changes.auto.offset.reset", "latest");
    }

    /**
     * A new consumer group for transfer-services, with offsets committed at the current end of both
     * transfer topics. Earlier runs' records stay out, and a member killed while handling the first
     * record of a partition is succeeded by one that resumes at that record (a group relying on
     * "latest" alone has no committed offset there, and would start after it).
     */
    public static String freshTransferGroup(String prefix) {
        String group = prefix + "-" + UUID.randomUUID();
        KafkaProbe.commitEndOffsets(group, "import-requests", "file-changes");
        return group;
    }

    /**
     * Starts a transfer-service and waits until its consumers own all partitions of both topics,
     * so that nothing produced afterwards is missed by a group that starts at the end.
     */
    public static ServiceProcess startTransferService(ServiceProcess transferService, String consumerGroup) {
        transferService.start();
        KafkaProbe.awaitGroupAssigned(consumerGroup, 6, Duration.ofSeconds(60));
        return transferService;
    }

    /** A watcher-agent beside the kernel directory {@code kernelDir} of {@code user} in {@code projectId}. */
    public static ServiceProcess agent(String name, String kernelId, String projectId, Users user, Path kernelDir,
            String integrationServiceUrl) {
        ServiceProcess process = ServiceProcess.of("watcher-agent", name);
        return process
                .with("watcher.kernel.id", kernelId)
                .with("watcher.kernel.project-id", projectId)
                .with("watcher.kernel.user-id", user.id)
                .with("watcher.kernel.project-dir", kernelDir.toString())
                .with("watcher.kernel.agent-url", process.url())
                .with("watcher.state.dir", kernelDir.resolveSibling(kernelId + "-state").toString())
                .with("watcher.registry.url", integrationServiceUrl)
                .with("watcher.registry.oidc-url", Stack.oidcUrl())
                .with("watcher.registry.client-secret", "watcher-agent-secret")
                .with("watcher.registry.heartbeat-interval", "2s")
                .with("quarkus.oidc.auth-server-url", Stack.oidcUrl())
                .with("kafka.bootstrap.servers", Stack.kafkaBootstrap());
    }

    /**
     * The watcher-agent's production JVM flags (watcher-agent/src/main/jvm/jvm.options, which the
     * kernel pod template carries too): what a benchmark runs the agent with, so that its figures
     * are the sidecar's as deployed, not those of a JVM with defaults.
     */
    public static String[] agentProductionJvmOptions() {
        Path options = Stack.repoRoot().resolve("watcher-agent/src/main/jvm/jvm.options");
        try {
            return Files.readAllLines(options).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + options, e);
        }
    }

    /** Waits until the agent has created an integration's folder (it follows grants). */
    public static void awaitFolder(Path folder, Duration timeout) {
        Poll.until("the agent creating " + folder, timeout, Duration.ofMillis(200), () -> Files.isDirectory(folder));
    }
}

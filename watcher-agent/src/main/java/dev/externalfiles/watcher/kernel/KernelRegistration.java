package dev.externalfiles.watcher.kernel;

/** What the agent tells integration-service about its kernel when it registers. */
public record KernelRegistration(String kernelId, String projectId, String userId, String agentUrl) {
}

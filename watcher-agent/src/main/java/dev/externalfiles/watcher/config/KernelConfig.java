package dev.externalfiles.watcher.config;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;

/**
 * Who this agent watches for: its kernel, the kernel's project and user, the project directory
 * it shares with the kernel, and the URL the transfer-service reaches it at. All required: an
 * agent without them has nothing to register.
 */
@ConfigMapping(prefix = "watcher.kernel")
public interface KernelConfig {

    /** The kernel's id, unique on the platform (required; e.g. the pod name). */
    String id();

    /** The notebook project the kernel runs (required). */
    String projectId();

    /** The user the kernel runs for, the token subject of that user (required). */
    String userId();

    /** The kernel's project directory; {@code external-files/} is created inside it (required). */
    Path projectDir();

    /** The URL of this agent's file API as the transfer-service reaches it (required), e.g. {@code http://10.1.2.3:8083}. */
    String agentUrl();
}

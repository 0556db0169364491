package dev.externalfiles.integration.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a watcher-agent says about its kernel when it registers. */
public record KernelRegistration(
        @NotBlank @Size(max = 64) String kernelId,
        @NotBlank @Size(max = 64) String projectId,
        @NotBlank @Size(max = 64) String userId,
        @NotBlank @Size(max = 512) String agentUrl) {
}

package dev.externalfiles.integration.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.externalfiles.contracts.ChecksumMode;

/** What an admin gives to connect a bucket. Only type "s3" exists so far. */
public record NewIntegration(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 10) String type,
        @NotBlank @Size(max = 63) String bucket,
        @NotBlank @Size(max = 40) String region,
        @Size(max = 512) String rootPrefix,
        @Size(max = 512) String endpoint,
        Boolean pathStyle,
        ChecksumMode checksumMode,
        @NotBlank @Size(min = 3, max = 128) String accessKeyId,
        @NotBlank @Size(max = 512) String secretAccessKey,
        @NotNull Boolean writeback) {

    @Override
    public String toString() {
        return "NewIntegration[name=" + name + ", bucket=" + bucket + ", region=" + region + "]";
    }
}

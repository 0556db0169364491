package dev.externalfiles.integration.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Rotated credentials for an integration, checked against the bucket before they replace the old ones. */
public record NewCredentials(
        @NotNull Long version,
        @NotBlank @Size(min = 3, max = 128) String accessKeyId,
        @NotBlank @Size(max = 512) String secretAccessKey) {

    @Override
    public String toString() {
        return "NewCredentials[version=" + version + "]";
    }
}

package dev.externalfiles.integration.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.externalfiles.integration.domain.Plan;
import dev.externalfiles.integration.domain.ProjectPermission;
import dev.externalfiles.integration.domain.WorkspaceRole;

/** Request bodies of the platform's sync endpoints. */
public final class Bodies {

    private Bodies() {
    }

    /** A workspace and its plan. */
    public record WorkspaceBody(@NotBlank @Size(max = 200) String name, @NotNull Plan plan) {
    }

    /** A member's workspace role. */
    public record MemberBody(@NotNull WorkspaceRole role) {
    }

    /** A project's display name. */
    public record ProjectBody(@NotBlank @Size(max = 200) String name) {
    }

    /** A user's permission on a project. */
    public record PermissionBody(@NotNull ProjectPermission permission) {
    }
}

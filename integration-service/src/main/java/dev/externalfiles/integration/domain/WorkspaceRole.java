package dev.externalfiles.integration.domain;

/** A member's role in a workspace, as the platform defines it. */
public enum WorkspaceRole {
    ADMIN,
    MANAGER,
    EDITOR,
    EXPLORER,
    VIEWER
}

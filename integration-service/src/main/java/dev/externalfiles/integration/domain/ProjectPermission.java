package dev.externalfiles.integration.domain;

/** A user's permission on one project, ordered from least to most. */
public enum ProjectPermission {
    CAN_VIEW,
    CAN_EXPLORE,
    CAN_EDIT,
    FULL_ACCESS;

    public boolean atLeast(ProjectPermission other) {
        return compareTo(other) >= 0;
    }
}

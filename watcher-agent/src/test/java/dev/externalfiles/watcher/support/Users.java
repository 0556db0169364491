package dev.externalfiles.watcher.support;

/** The test users of the Keycloak realm in dev/keycloak, with the fixed ids the realm gives them. */
public enum Users {
    ADMIN("admin", "00000000-0000-4000-8000-000000000001"),
    EDITOR("editor", "00000000-0000-4000-8000-000000000003"),
    VIEWER("viewer", "00000000-0000-4000-8000-000000000005");

    public final String username;
    public final String id;

    Users(String username, String id) {
        this.username = username;
        this.id = id;
    }
}

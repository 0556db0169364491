package dev.externalfiles.testsupport;

/** The test users of the Keycloak realm in dev/keycloak, with the fixed ids the realm gives them. */
public enum Users {
    ADMIN("admin", "00000000-0000-4000-8000-000000000001"),
    MANAGER("manager", "00000000-0000-4000-8000-000000000002"),
    EDITOR("editor", "00000000-0000-4000-8000-000000000003"),
    EXPLORER("explorer", "00000000-0000-4000-8000-000000000004"),
    VIEWER("viewer", "00000000-0000-4000-8000-000000000005"),
    OUTSIDER("outsider", "00000000-0000-4000-8000-000000000006"),
    EDITOR2("editor2", "00000000-0000-4000-8000-000000000007");

    public final String username;
    public final String id;

    Users(String username, String id) {
        this.username = username;
        this.id = id;
    }
}

package dev.externalfiles.watcher.support;

import java.nio.file.Path;

/**
 * Where the tests find the local stack and the packaged apps: the environment of dev/stack.env
 * when sourced, else the same defaults.
 */
public final class Stack {

    private Stack() {
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static String kafkaBootstrap() {
        return env("EF_KAFKA_BOOTSTRAP", "127.0.0.1:" + env("EF_KAFKA_PORT", "19092"));
    }

    public static String oidcUrl() {
        return env("EF_OIDC_URL", "http://127.0.0.1:" + env("EF_KEYCLOAK_PORT", "8180") + "/realms/"
                + env("EF_OIDC_REALM", "external-files"));
    }

    public static String otherOidcUrl() {
        return "http://127.0.0.1:" + env("EF_KEYCLOAK_PORT", "8180") + "/realms/" + env("EF_OIDC_OTHER_REALM", "other-realm");
    }

    public static String s3Endpoint() {
        return "http://127.0.0.1:" + env("EF_S3_PORT", "9000");
    }

    public static String s3AccessKey() {
        return env("EF_S3_ACCESS_KEY", "local-access-key");
    }

    public static String s3SecretKey() {
        return env("EF_S3_SECRET_KEY", "local-secret-key-0123456789");
    }

    public static String s3Bucket() {
        return env("EF_S3_TEST_BUCKET", "ef-test-bucket");
    }

    /** A file named by a system property that failsafe sets (see watcher-agent/pom.xml). */
    public static Path fromProperty(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }

    public static Path workDir() {
        return fromProperty("test.work-dir", "target/it");
    }
}

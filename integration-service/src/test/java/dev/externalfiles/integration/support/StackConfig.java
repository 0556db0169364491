package dev.externalfiles.integration.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** Where the tests find the local stack: read from the test profile's configuration, nowhere else. */
public final class StackConfig {

    private StackConfig() {
    }

    public static String get(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    public static String oidcUrl() {
        return get("quarkus.oidc.auth-server-url");
    }

    public static String otherOidcUrl() {
        return get("test-stack.oidc.other-url");
    }

    public static String s3Endpoint() {
        return get("test-stack.s3.endpoint");
    }

    public static String s3AccessKey() {
        return get("test-stack.s3.access-key");
    }

    public static String s3SecretKey() {
        return get("test-stack.s3.secret-key");
    }

    public static String s3Bucket() {
        return get("test-stack.s3.bucket");
    }

    public static String kafkaBootstrap() {
        return get("kafka.bootstrap.servers");
    }

    public static String jdbcUrl() {
        return get("quarkus.datasource.jdbc.url");
    }

    public static String dbUser() {
        return get("quarkus.datasource.username");
    }

    public static String dbPassword() {
        return get("quarkus.datasource.password");
    }
}

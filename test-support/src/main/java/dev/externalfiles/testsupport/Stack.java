package dev.externalfiles.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the local stack listens, read from dev/stack.env (the one place the ports are written)
 * and overridden by environment variables of the same names, as dev/test exports them.
 */
public final class Stack {

    private static final Map<String, String> VALUES = load();

    private Stack() {
    }

    public static String get(String key) {
        String value = System.getenv(key);
        if (value == null) {
            value = VALUES.get(key);
        }
        if (value == null) {
            throw new IllegalStateException(key + " is neither in the environment nor in dev/stack.env");
        }
        return value;
    }

    public static String host() {
        return get("EF_HOST");
    }

    public static String kafkaBootstrap() {
        return host() + ":" + get("EF_KAFKA_PORT");
    }

    public static String oidcUrl() {
        return "http://" + host() + ":" + get("EF_KEYCLOAK_PORT") + "/realms/" + get("EF_OIDC_REALM");
    }

    public static String s3Endpoint() {
        return "http://" + host() + ":" + get("EF_S3_PORT");
    }

    public static String s3AccessKey() {
        return get("EF_S3_ACCESS_KEY");
    }

    public static String s3SecretKey() {
        return get("EF_S3_SECRET_KEY");
    }

    /** The repository's root: the nearest folder above the working directory holding dev/stack.env. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("dev/stack.env"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("dev/stack.env not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Map<String, String> load() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(repoRoot().resolve("dev/stack.env"))) {
                String trimmed = line.trim();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 1) {
                    continue;
                }
                values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException("dev/stack.env could not be read", e);
        }
        return values;
    }
}

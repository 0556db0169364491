package dev.externalfiles.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.restassured.path.json.JsonPath;

/** Real tokens from the real Keycloak: users by password grant, services by client credentials. */
public final class Tokens {

    /** A cached token is fetched anew when it has less than this left. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Tokens() {
    }

    public static String user(Users user) {
        return user(user, RENEW_BEFORE);
    }

    /**
     * A user's token still valid for at least {@code validFor}, e.g. for a load test that sends
     * the same token for that long; fails when the realm's tokens do not live that long.
     */
    public static String user(Users user, Duration validFor) {
        return cached("user:" + user.username, Map.of("grant_type", "password", "client_id", "external-files-cli", "username",
                user.username, "password", "password"), validFor);
    }

    public static String platform() {
        return service("platform", "platform-secret");
    }

    public static String agent() {
        return service("watcher-agent", "watcher-agent-secret");
    }

    public static String transfer() {
        return service("transfer-service", "transfer-service-secret");
    }

    private static String service(String clientId, String secret) {
        return cached("svc:" + clientId, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret",
                secret), RENEW_BEFORE);
    }

    private static String cached(String key, Map<String, String> form, Duration validFor) {
        Cached c = CACHE.get(key);
        if (c == null || Instant.now().plus(validFor).isAfter(c.expires())) {
            c = fetch(form);
            CACHE.put(key, c);
        }
        if (Instant.now().plus(validFor).isAfter(c.expires())) {
            throw new IllegalStateException("Keycloak's tokens expire at " + c.expires() + ", sooner than the "
                    + validFor.toSeconds() + " s asked for (the realm's access token lifespan is too short)");
        }
        return c.token();
    }

    private static Cached fetch(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.oidcUrl()
                    + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token: " + response.statusCode() + " " + response.body());
            }
            JsonPath json = JsonPath.from(response.body());
            return new Cached(json.getString("access_token"), Instant.now().plusSeconds(json.getLong("expires_in")));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Cached(String token, Instant expires) {
    }
}

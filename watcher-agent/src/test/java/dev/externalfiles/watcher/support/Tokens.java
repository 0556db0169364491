package dev.externalfiles.watcher.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.restassured.path.json.JsonPath;

/** Real tokens from the real Keycloak: users by password grant, services by client credentials. */
public final class Tokens {

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String user(Users user) {
        return cached("user:" + user.username, () -> password(Stack.oidcUrl(), user.username));
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

    /** A valid token from another realm: another issuer, other keys. */
    public static String otherIssuer() {
        return cached("other", () -> password(Stack.otherOidcUrl(), "admin"));
    }

    private static String service(String clientId, String secret) {
        return cached("svc:" + clientId, () -> {
            JsonPath json = given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                    .formParam("client_secret", secret)
                    .post(Stack.oidcUrl() + "/protocol/openid-connect/token")
                    .then().statusCode(200).extract().jsonPath();
            return new Cached(json.getString("access_token"), Instant.now().plusSeconds(json.getLong("expires_in") - 30));
        });
    }

    private static Cached password(String issuer, String username) {
        JsonPath json = given().formParam("grant_type", "password").formParam("client_id", "external-files-cli")
                .formParam("username", username).formParam("password", "password")
                .post(issuer + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath();
        return new Cached(json.getString("access_token"), Instant.now().plusSeconds(json.getLong("expires_in") - 30));
    }

    private static String cached(String key, Supplier<Cached> fetch) {
        Cached c = CACHE.get(key);
        if (c == null || Instant.now().isAfter(c.expires())) {
            c = fetch.get();
            CACHE.put(key, c);
        }
        return c.token();
    }

    private record Cached(String token, Instant expires) {
    }
}

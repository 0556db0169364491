package dev.externalfiles.integration.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.externalfiles.testsupport.Users;
import io.restassured.path.json.JsonPath;

/** Real tokens from the real Keycloak: users by password grant, services by client credentials. */
public final class Tokens {

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String user(Users user) {
        return cached("user:" + user.username, () -> password(StackConfig.oidcUrl(), "external-files-cli", user.username));
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

    /** A token of this realm's own service, which has none of the roles the API asks for. */
    public static String integrationService() {
        return service("integration-service", "integration-service-secret");
    }

    /** A real admin token that expires two seconds after issue (client short-lived-cli). */
    public static String shortLived(Users user) {
        return password(StackConfig.oidcUrl(), "short-lived-cli", user.username).token();
    }

    /** A valid token from another realm: another issuer, other signing keys. */
    public static String otherIssuer() {
        return cached("other", () -> password(StackConfig.otherOidcUrl(), "external-files-cli", "admin"));
    }

    private static String service(String clientId, String secret) {
        return cached("svc:" + clientId, () -> {
            JsonPath json = given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                    .formParam("client_secret", secret)
                    .post(StackConfig.oidcUrl() + "/protocol/openid-connect/token")
                    .then().statusCode(200).extract().jsonPath();
            return new Cached(json.getString("access_token"), Instant.now().plusSeconds(json.getLong("expires_in") - 30));
        });
    }

    private static Cached password(String issuer, String clientId, String username) {
        JsonPath json = given().formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", username).formParam("password", "password")
                .post(issuer + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath();
        return new Cached(json.getString("access_token"), Instant.now().plusSeconds(json.getLong("expires_in") - 30));
    }

    private static String cached(String key, java.util.function.Supplier<Cached> fetch) {
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

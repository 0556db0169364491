package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.config.SmallRyeConfig;

/**
 * The imported realm gives the services what they rely on, as the local realm
 * (dev/keycloak/external-files-realm.json) does: the same realm roles, each service identity a
 * confidential client with a service account holding its role and the audience the services
 * require, and client secrets that come from the Secret the services read theirs from.
 */
class RealmTest {

    static final Set<String> SERVICE_ROLES = Set.of("platform", "transfer", "agent");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void realmCarriesTheServiceIdentitiesOfTheLocalRealm(String overlay) throws Exception {
        JsonNode local = Kustomize.YAML.readTree(Repo.ROOT.resolve("dev/keycloak/external-files-realm.json").toFile());
        JsonNode spec = Manifests.of(overlay).one("KeycloakRealmImport", "external-files-realm").path("spec");
        JsonNode realm = spec.path("realm");
        assertEquals(local.path("realm").asText(), realm.path("realm").asText());
        assertEquals(names(local.path("roles").path("realm")), names(realm.path("roles").path("realm")));

        String audience = ServiceConfig.properties("integration-service").get("quarkus.oidc.token.audience");
        assertEquals(audience, ServiceConfig.properties("watcher-agent").get("quarkus.oidc.token.audience"));
        Map<String, String> localRoles = serviceAccountRoles(local);
        Map<String, String> roles = serviceAccountRoles(realm);
        localRoles.values().removeIf(role -> !SERVICE_ROLES.contains(role));
        assertEquals(localRoles, roles, "service accounts and their roles");
        for (String clientId : roles.keySet()) {
            JsonNode client = client(realm, clientId);
            assertTrue(client.path("serviceAccountsEnabled").asBoolean() && !client.path("publicClient").asBoolean(true), clientId);
            assertTrue(client.path("protocolMappers").toString().contains("\"included.custom.audience\":\"" + audience + "\""),
                    clientId + "'s tokens lack the audience " + audience);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void clientSecretsComeFromTheSecretTheServicesRead(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode spec = m.one("KeycloakRealmImport", "external-files-realm").path("spec");
        JsonNode realm = spec.path("realm");
        for (JsonNode client : realm.path("clients")) {
            String secret = client.path("secret").asText();
            assertTrue(secret.matches("\\$\\{[A-Z_]+}"), client.path("clientId").asText() + "'s secret is not a placeholder");
            JsonNode ref = spec.path("placeholders").path(secret.substring(2, secret.length() - 1)).path("secret");
            assertEquals("external-files-oidc-clients", ref.path("name").asText(), secret);
            assertEquals(client.path("clientId").asText(), ref.path("key").asText(), "the Secret's key is the client id");
        }
        // The services authenticate as those clients, with the same Secret keys.
        SmallRyeConfig transfer = ServiceConfig.of("transfer-service", ServiceConfigTest.env(m, "Deployment", "transfer-service", "transfer-service"));
        SmallRyeConfig agent = ServiceConfig.of("watcher-agent", ServiceConfigTest.env(m, "PodTemplate", "notebook-kernel", "watcher-agent"));
        String transferClient = transfer.getRawValue("quarkus.oidc-client.client-id");
        String agentClient = agent.getOptionalValue("watcher.registry.client-id", String.class).orElse("watcher-agent");
        client(realm, transferClient);
        client(realm, agentClient);
        assertEquals(secretKey(m.pod("Deployment", "transfer-service").container("transfer-service"), "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"),
                transferClient);
        assertEquals(secretKey(m.pod("PodTemplate", "notebook-kernel").container("watcher-agent"), "WATCHER_REGISTRY_CLIENT_SECRET"),
                agentClient);
    }

    private static String secretKey(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(variable)) {
                assertEquals("external-files-oidc-clients", env.path("valueFrom").path("secretKeyRef").path("name").asText());
                return env.path("valueFrom").path("secretKeyRef").path("key").asText();
            }
        }
        return fail(variable + " is not set");
    }

    private static Set<String> names(JsonNode roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    /** Client id to the service role of its service account. */
    private static Map<String, String> serviceAccountRoles(JsonNode realm) {
        Map<String, String> roles = new HashMap<>();
        for (JsonNode user : realm.path("users")) {
            if (user.has("serviceAccountClientId")) {
                List<String> held = new java.util.ArrayList<>();
                user.path("realmRoles").forEach(r -> held.add(r.asText()));
                held.stream().filter(SERVICE_ROLES::contains).findFirst()
                        .ifPresent(role -> roles.put(user.path("serviceAccountClientId").asText(), role));
            }
        }
        return roles;
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        return fail("the realm has no client " + clientId);
    }
}

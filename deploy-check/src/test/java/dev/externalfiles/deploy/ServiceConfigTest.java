package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The containers' environment configures the services as they read it: every variable names a
 * property the service reads, every property the dev profile points at the local stack is set,
 * endpoints name the rendered resources, the agent's URL passes integration-service's host rule,
 * and the JVM flags bound the memory the configuration asks for.
 */
class ServiceConfigTest {

    /** Container name to the module whose application.properties it runs. */
    static final Map<String, String> SERVICES = Map.of(
            "integration-service", "integration-service",
            "transfer-service", "transfer-service",
            "watcher-agent", "watcher-agent");

    /** Local-only properties production leaves unset on purpose. */
    static final Map<String, String> NOT_FOR_PRODUCTION = Map.of(
            "external-files.s3.allowed-endpoints", "production allows no private S3 endpoint",
            "watcher.state.dir", "its default is the agent-state volume's mount path");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyVariableNamesAPropertyTheServiceReads(String overlay) {
        List<String> unknown = new ArrayList<>();
        forEachService(overlay, (service, env, config) -> {
            KnownProperties known = KnownProperties.of(service);
            env.keySet().stream().filter(name -> !known.knows(name)).forEach(name -> unknown.add(service + ": " + name));
        });
        assertEquals(List.of(), unknown, overlay + ": variables no property of the service is named by");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyPropertyTheDevProfilePointsAtTheLocalStackIsSet(String overlay) {
        List<String> missing = new ArrayList<>();
        forEachService(overlay, (service, env, config) -> {
            for (String property : ServiceConfig.setOnlyForDev(service)) {
                if (NOT_FOR_PRODUCTION.containsKey(property) || property.startsWith("external-files.crypto.keys.")) {
                    continue;
                }
                Optional<String> value = config.getOptionalValue(property, String.class);
                if (value.isEmpty() || value.get().isBlank() || value.get().contains("127.0.0.1") || value.get().contains("localhost")) {
                    missing.add(service + ": " + property + " = " + value.orElse("(unset)"));
                }
            }
        });
        assertEquals(List.of(), missing, overlay + ": properties a cluster must set");
    }

    /** The shape of integration-service's CryptoConfig, to bind the keys exactly as the service does. */
    @ConfigMapping(prefix = "external-files.crypto")
    interface Crypto {
        String activeKeyId();

        Map<String, String> keys();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void encryptionKeysBindAsIntegrationServiceReadsThem(String overlay) {
        Map<String, String> env = env(Manifests.of(overlay), "Deployment", "integration-service", "integration-service");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new io.smallrye.config.EnvConfigSource(env, 300) {
        }).withMapping(Crypto.class).build();
        Crypto crypto = config.getConfigMapping(Crypto.class);
        assertTrue(crypto.keys().containsKey(crypto.activeKeyId()),
                overlay + ": active key '" + crypto.activeKeyId() + "' is not among " + crypto.keys().keySet());
        crypto.keys().forEach((id, key) -> {
            assertTrue(id.matches("[a-z0-9]+"), "key id '" + id + "': use lower-case letters and digits only");
            assertEquals(32, Base64.getDecoder().decode(key.trim()).length, "key " + id + " is not 32 bytes");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void endpointsNameTheRenderedResources(String overlay) {
        Manifests m = Manifests.of(overlay);
        SmallRyeConfig integration = ServiceConfig.of("integration-service", env(m, "Deployment", "integration-service", "integration-service"));
        SmallRyeConfig transfer = ServiceConfig.of("transfer-service", env(m, "Deployment", "transfer-service", "transfer-service"));
        SmallRyeConfig agent = ServiceConfig.of("watcher-agent", env(m, "PodTemplate", "notebook-kernel", "watcher-agent"));

        JsonNode cluster = m.ofKind("Cluster").get(0);
        String database = cluster.path("spec").path("bootstrap").path("initdb").path("database").asText();
        String primary = Manifests.name(cluster) + "-rw:5432/" + database;
        assertEquals("postgresql://" + primary, integration.getRawValue("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://" + primary, integration.getRawValue("quarkus.datasource.jdbc.url"));
        assertSecretRef(m, "integration-service", "QUARKUS_DATASOURCE_USERNAME", Manifests.name(cluster) + "-app");

        JsonNode kafka = m.ofKind("Kafka").get(0);
        JsonNode listener = kafka.path("spec").path("kafka").path("listeners").get(0);
        String bootstrap = Manifests.name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt();
        for (SmallRyeConfig config : List.of(integration, transfer, agent)) {
            assertEquals(bootstrap, config.getRawValue("kafka.bootstrap.servers"));
        }

        String integrationUrl = "http://integration-service:" + servicePort(m, "integration-service");
        assertEquals(integrationUrl, transfer.getRawValue("quarkus.rest-client.integration-service.url"));
        assertEquals(integrationUrl, agent.getRawValue("watcher.registry.url"));

        String realm = m.one("KeycloakRealmImport", "external-files-realm").path("spec").path("realm").path("realm").asText();
        String issuer = integration.getRawValue("quarkus.oidc.auth-server-url");
        assertTrue(issuer.endsWith("/realms/" + realm), issuer);
        assertEquals(issuer, transfer.getRawValue("quarkus.oidc-client.auth-server-url"));
        assertEquals(issuer, agent.getRawValue("watcher.registry.oidc-url"));
        assertEquals(issuer, agent.getValue("quarkus.oidc.auth-server-url", String.class), "the file API trusts the same issuer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void agentUrlIsOneIntegrationServiceAccepts(String overlay) {
        Manifests m = Manifests.of(overlay);
        SmallRyeConfig integration = ServiceConfig.of("integration-service", env(m, "Deployment", "integration-service", "integration-service"));
        SmallRyeConfig agent = ServiceConfig.of("watcher-agent", env(m, "PodTemplate", "notebook-kernel", "watcher-agent"));
        List<String> hosts = integration.getOptionalValues("external-files.kernels.agent-hosts", String.class)
                .orElseGet(() -> fail(overlay + ": integration-service accepts agent URLs naming any host"));
        URI agentUrl = URI.create(agent.getRawValue("watcher.kernel.agent-url"));
        assertTrue(hosts.stream().anyMatch(agentUrl.getHost()::matches), agentUrl + " does not match " + hosts);
        for (String foreign : List.of("evil.example.com", ContainerEnv.SAMPLE_POD_NAME + ".kernels.other.svc.cluster.local",
                "10.1.2.3", "metadata.google.internal")) {
            assertFalse(hosts.stream().anyMatch(foreign::matches), foreign + " should not be accepted by " + hosts);
        }
        assertEquals(agent.getRawValue("watcher.kernel.id"), ContainerEnv.SAMPLE_POD_NAME);
        Manifests.Pod kernel = m.pod("PodTemplate", "notebook-kernel");
        assertEquals(servicePort(m, "kernels"), agentUrl.getPort());
        assertEquals(agentUrl.getPort(), agent.getValue("quarkus.http.port", Integer.class));
        assertEquals("kernels", kernel.spec().path("subdomain").asText(), "the pod's DNS name needs subdomain: kernels");
        assertEquals(Set.of("/home/kernel/project"), Set.of(agent.getRawValue("watcher.kernel.project-dir")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void agentRunsWithItsSidecarJvmFlags(String overlay) {
        Manifests m = Manifests.of(overlay);
        String options = env(m, "PodTemplate", "notebook-kernel", "watcher-agent").get("JAVA_TOOL_OPTIONS");
        List<String> flags = List.of(options.split("\\s+"));
        for (String line : Repo.read(Repo.ROOT.resolve("watcher-agent/src/main/jvm/jvm.options")).lines().map(String::trim).toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                assertTrue(flags.contains(line), "watcher-agent's JAVA_TOOL_OPTIONS lack " + line + " of jvm.options");
            }
        }
        assertEquals("C.UTF-8", env(m, "PodTemplate", "notebook-kernel", "watcher-agent").get("LANG"), "file names are UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void transferServiceHeapHoldsTheBuffersItsConfigurationAllows(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, String> env = env(m, "Deployment", "transfer-service", "transfer-service");
        SmallRyeConfig config = ServiceConfig.of("transfer-service", env);
        long heap = flag(env.get("JAVA_TOOL_OPTIONS"), "-Xmx");
        long direct = flag(env.get("JAVA_TOOL_OPTIONS"), "-XX:MaxDirectMemorySize=");
        long partSize = bytes(config.getRawValue("transfer.part-size"));
        long threshold = bytes(config.getRawValue("transfer.multipart-threshold"));
        long buffers = bytes(config.getRawValue("transfer.buffer-memory"));
        assertTrue(threshold <= buffers && partSize <= buffers, overlay + ": transfer.buffer-memory " + mib(buffers)
                + " must hold a whole single upload and a part");
        assertTrue(buffers <= heap * 6 / 10, overlay + ": transfers in flight may buffer " + mib(buffers)
                + " in a heap of " + mib(heap) + " (keep them under 60 %)");
        long limit = bytes(m.pod("Deployment", "transfer-service").container("transfer-service")
                .path("resources").path("limits").path("memory").asText());
        assertTrue(heap + direct + bytes("256Mi") <= limit, overlay + ": heap " + mib(heap) + " + direct " + mib(direct)
                + " + 256 MiB for metaspace, threads and code exceed the container's " + mib(limit));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void secretsAreOnlyReferencedOutsideDev(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (JsonNode secret : m.ofKind("Secret")) {
            assertEquals("dev", overlay, "only the dev overlay may carry Secret values: " + Manifests.name(secret));
            assertEquals("true", secret.path("metadata").path("labels").path("external-files.dev/dev-only").asText(),
                    "dev Secrets are labelled dev-only: " + Manifests.name(secret));
            assertFalse(OperatorSecrets.CREATED_BY_OPERATORS.contains(Manifests.name(secret)));
        }
        String readme = Repo.read(Repo.DEPLOY.resolve("README.md"));
        for (String secret : OperatorSecrets.KEYS.keySet()) {
            assertTrue(readme.contains(secret), "deploy/README.md does not tell how to get Secret " + secret);
            OperatorSecrets.KEYS.get(secret).forEach(key -> assertTrue(readme.contains(key), "README lacks key " + key + " of " + secret));
        }
        OperatorSecrets.ENV_FROM.forEach(secret -> assertTrue(readme.contains(secret), "README lacks Secret " + secret));
        OperatorSecrets.SAMPLE_CRYPTO.keySet().forEach(key -> assertTrue(readme.contains(key.replaceAll("_K[12]$", "_")),
                "README lacks key " + key));
    }

    private static void assertSecretRef(Manifests m, String deployment, String variable, String secret) {
        JsonNode container = m.pod("Deployment", deployment).container(deployment);
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(variable)) {
                assertEquals(secret, env.path("valueFrom").path("secretKeyRef").path("name").asText(), variable);
                return;
            }
        }
        fail(deployment + " does not set " + variable);
    }

    private static int servicePort(Manifests m, String service) {
        return m.one("Service", service).path("spec").path("ports").get(0).path("port").asInt();
    }

    static Map<String, String> env(Manifests m, String kind, String name, String container) {
        Manifests.Pod pod = m.pod(kind, name);
        return ContainerEnv.of(m, pod, pod.container(container));
    }

    interface ServiceCheck {
        void check(String service, Map<String, String> env, SmallRyeConfig config);
    }

    private static void forEachService(String overlay, ServiceCheck check) {
        Manifests m = Manifests.of(overlay);
        int seen = 0;
        for (Manifests.Pod pod : m.pods()) {
            for (JsonNode container : pod.containers()) {
                String service = SERVICES.get(container.path("name").asText());
                if (service != null) {
                    Map<String, String> env = ContainerEnv.of(m, pod, container);
                    check.check(service, env, ServiceConfig.of(service, env));
                    seen++;
                }
            }
        }
        assertEquals(SERVICES.size(), seen, overlay + ": one container per service");
    }

    private static long flag(String options, String prefix) {
        for (String option : options.split("\\s+")) {
            if (option.startsWith(prefix)) {
                return bytes(option.substring(prefix.length()));
            }
        }
        return fail("JAVA_TOOL_OPTIONS has no " + prefix + ": the heap must be bounded explicitly");
    }

    /** 256m, 8M, 640Mi, 1Gi, 1024 to bytes (JVM and Kubernetes notations, binary units). */
    static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]i?)?").matcher(size.trim());
        if (!m.matches()) {
            return fail("not a size: " + size);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1).toLowerCase();
        return switch (unit) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}

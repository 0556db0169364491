package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every pod runs hardened (non-root, seccomp RuntimeDefault, no service account token) and every
 * container too (read-only root with a writable /tmp, no privilege escalation, all capabilities
 * dropped, requests and limits); the services' containers are probed on Quarkus' health endpoints.
 */
class PodSecurityTest {

    static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyPodAndContainerIsHardened(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifests.Pod pod : Manifests.of(overlay).pods()) {
            JsonNode podSecurity = pod.spec().path("securityContext");
            require(problems, pod.owner(), podSecurity.path("runAsNonRoot").asBoolean(false), "pod runAsNonRoot: true");
            require(problems, pod.owner(), podSecurity.path("runAsUser").asInt(0) > 0, "pod runAsUser other than 0");
            require(problems, pod.owner(), podSecurity.path("seccompProfile").path("type").asText().equals("RuntimeDefault"),
                    "seccompProfile RuntimeDefault");
            require(problems, pod.owner(), !pod.spec().path("automountServiceAccountToken").asBoolean(true),
                    "automountServiceAccountToken: false");
            require(problems, pod.owner(), !pod.spec().path("hostNetwork").asBoolean(false), "no hostNetwork");
            for (JsonNode container : pod.containers()) {
                String where = pod.owner() + " container " + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                require(problems, where, security.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem: true");
                require(problems, where, !security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation: false");
                require(problems, where, !security.path("privileged").asBoolean(false), "not privileged");
                require(problems, where, security.path("runAsUser").asInt(1) != 0, "not root");
                require(problems, where, contains(security.path("capabilities").path("drop"), "ALL"), "capabilities drop ALL");
                require(problems, where, security.path("capabilities").path("add").isEmpty(), "no added capabilities");
                JsonNode resources = container.path("resources");
                for (String path : List.of("requests/cpu", "requests/memory", "limits/memory", "limits/cpu")) {
                    require(problems, where, !resources.at("/" + path).isMissingNode(), "resources." + path.replace('/', '.'));
                }
                require(problems, where, writableTmp(pod, container), "/tmp mounted from an emptyDir (the root is read-only)");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void servicesAreProbedOnQuarkusHealth(String overlay) {
        Manifests m = Manifests.of(overlay);
        int probed = 0;
        for (Manifests.Pod pod : m.pods()) {
            for (JsonNode container : pod.containers()) {
                if (!ServiceConfigTest.SERVICES.containsKey(container.path("name").asText())) {
                    continue;
                }
                probed++;
                String service = ServiceConfigTest.SERVICES.get(container.path("name").asText());
                int port = ServiceConfig.of(service, ContainerEnv.of(m, pod, container)).getValue("quarkus.http.port", Integer.class);
                PROBES.forEach((probe, path) -> {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertEquals(path, get.path("path").asText(), pod.owner() + " " + probe);
                    assertEquals(port, containerPort(container, get.path("port")), pod.owner() + " " + probe + " port");
                });
            }
        }
        assertEquals(3, probed, "integration-service, transfer-service and watcher-agent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void agentIsASidecarSharingTheKernelsProjectVolume(String overlay) {
        Manifests.Pod kernel = Manifests.of(overlay).pod("PodTemplate", "notebook-kernel");
        JsonNode agent = kernel.container("watcher-agent");
        assertEquals("Always", agent.path("restartPolicy").asText(), "native sidecar: an init container that keeps running");
        String projectDir = "/home/kernel/project";
        String agentVolume = volumeAt(agent, projectDir);
        assertEquals(agentVolume, volumeAt(kernel.container("kernel"), projectDir), "the agent and the kernel share the project dir");
        String stateVolume = volumeAt(agent, "/var/lib/watcher-agent");
        assertFalse(stateVolume.equals(agentVolume), "the known-hash store is never under the project directory");
        for (String volume : List.of(agentVolume, stateVolume)) {
            boolean emptyDir = false;
            for (JsonNode v : kernel.spec().path("volumes")) {
                emptyDir |= v.path("name").asText().equals(volume) && v.has("emptyDir");
            }
            assertTrue(emptyDir, volume + " lives and dies with the kernel pod (emptyDir)");
        }
    }

    private static void require(List<String> problems, String where, boolean ok, String what) {
        if (!ok) {
            problems.add(where + ": needs " + what);
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean writableTmp(Manifests.Pod pod, JsonNode container) {
        String volume = volumeAt(container, "/tmp");
        for (JsonNode v : pod.spec().path("volumes")) {
            if (v.path("name").asText().equals(volume) && v.has("emptyDir")) {
                return true;
            }
        }
        return false;
    }

    private static String volumeAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount.path("name").asText();
            }
        }
        return "";
    }

    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }
}

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
 * Who may connect to what: only the transfer-service reaches the agents' file API; the
 * integration-service only admits listed peers (its /internal paths are guarded by OIDC roles, as
 * L4 policies cannot see paths); every pod of ours is selected by an ingress policy; the Kafka
 * listener admits our pods only.
 */
class NetworkPolicyTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void onlyTheTransferServiceReachesTheAgentsFileApi(String overlay) {
        Manifests m = Manifests.of(overlay);
        Manifests.Pod kernel = m.pod("PodTemplate", "notebook-kernel");
        JsonNode transferLabels = m.pod("Deployment", "transfer-service").metadata().path("labels");
        JsonNode agent = kernel.container("watcher-agent");
        int fileApi = PodSecurityTest.containerPort(agent, agent.path("readinessProbe").path("httpGet").path("port"));
        List<JsonNode> policies = selecting(m, kernel.metadata().path("labels"));
        assertFalse(policies.isEmpty(), "no NetworkPolicy selects the kernel pods: anyone could call the file API");
        int rulesForFileApi = 0;
        for (JsonNode policy : policies) {
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (!admitsPort(rule, agent, fileApi)) {
                    continue;
                }
                rulesForFileApi++;
                assertFalse(rule.path("from").isEmpty(), Manifests.name(policy) + " admits everyone to the file API");
                for (JsonNode peer : rule.path("from")) {
                    assertTrue(peer.has("podSelector") && !peer.has("namespaceSelector") && !peer.has("ipBlock")
                            && matches(peer.path("podSelector"), transferLabels),
                            Manifests.name(policy) + " admits " + peer + " to the file API");
                }
            }
        }
        assertEquals(1, rulesForFileApi, "one rule admits the transfer-service to the file API");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyPodOfOursIsSelectedByAnIngressPolicyWithListedPeers(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> pods = Map.of(
                "integration-service", m.pod("Deployment", "integration-service").metadata().path("labels"),
                "transfer-service", m.pod("Deployment", "transfer-service").metadata().path("labels"),
                "kernel", m.pod("PodTemplate", "notebook-kernel").metadata().path("labels"),
                "postgres", Kustomize.YAML.createObjectNode().put("cnpg.io/cluster", Manifests.name(m.ofKind("Cluster").get(0))));
        pods.forEach((pod, labels) -> {
            List<JsonNode> policies = selecting(m, labels);
            if (policies.isEmpty()) {
                problems.add(pod + ": no ingress policy");
            }
            for (JsonNode policy : policies) {
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    if (rule.path("from").isEmpty()) {
                        problems.add(Manifests.name(policy) + ": a rule without peers admits every pod of the cluster");
                    }
                }
            }
        });
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void kafkaAdmitsOurPodsOnly(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (JsonNode listener : m.ofKind("Kafka").get(0).path("spec").path("kafka").path("listeners")) {
            JsonNode peers = listener.path("networkPolicyPeers");
            assertFalse(peers.isEmpty(), "listener " + listener.path("name").asText() + " is open to every pod");
            for (String[] pod : List.of(new String[] { "Deployment", "integration-service" }, new String[] { "Deployment", "transfer-service" },
                    new String[] { "PodTemplate", "notebook-kernel" })) {
                JsonNode labels = m.pod(pod[0], pod[1]).metadata().path("labels");
                boolean admitted = false;
                for (JsonNode peer : peers) {
                    admitted |= matches(peer.path("podSelector"), labels);
                }
                assertTrue(admitted, pod[1] + " cannot reach Kafka");
            }
        }
    }

    static List<JsonNode> selecting(Manifests m, JsonNode podLabels) {
        return m.ofKind("NetworkPolicy").stream()
                .filter(p -> matches(p.path("spec").path("podSelector"), podLabels))
                .filter(p -> p.path("spec").path("policyTypes").toString().contains("Ingress"))
                .map(p -> (JsonNode) p).toList();
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.has("matchExpressions")) {
            return false;
        }
        boolean all = true;
        for (var it = selector.path("matchLabels").fields(); it.hasNext();) {
            var label = it.next();
            all &= labels.path(label.getKey()).asText().equals(label.getValue().asText());
        }
        return all;
    }

    private static boolean admitsPort(JsonNode rule, JsonNode container, int port) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (PodSecurityTest.containerPort(container, p.path("port")) == port) {
                return true;
            }
        }
        return false;
    }
}

package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The schema check itself: a wrong manifest fails it, naming the field (each case breaks one field of the base). */
class SchemaCheckTest {

    @Test
    void unknownContainerFieldFails() {
        assertRefused("Deployment", "integration-service",
                d -> container(d).put("imagePullPolicyy", "Always"), "imagePullPolicyy");
    }

    @Test
    void replicasAsTextFails() {
        assertRefused("Deployment", "transfer-service", d -> ((ObjectNode) d.path("spec")).put("replicas", "2"), "replicas");
    }

    @Test
    void misspelledProbeFieldFails() {
        assertRefused("Deployment", "integration-service",
                d -> ((ObjectNode) container(d).path("livenessProbe")).put("periodSecond", 5), "periodSecond");
    }

    @Test
    void unknownHpaFieldFails() {
        assertRefused("HorizontalPodAutoscaler", "transfer-service",
                d -> ((ObjectNode) d.path("spec")).put("maxReplica", 4), "maxReplica");
    }

    @Test
    void unknownKafkaTopicFieldFails() {
        assertRefused("KafkaTopic", "import-requests", d -> ((ObjectNode) d.path("spec")).put("partition", 3), "partition");
    }

    @Test
    void unknownListenerTypeFails() {
        assertRefused("Kafka", "external-files",
                d -> ((ObjectNode) d.path("spec").path("kafka").path("listeners").get(0)).put("type", "interna"), "interna");
    }

    @Test
    void propertyTheStrimziV1ApiDroppedFails() {
        assertRefused("Kafka", "external-files",
                d -> ((ObjectNode) d.path("spec").path("kafka")).put("replicas", 3), "replicas");
    }

    @Test
    void unknownCloudNativePgFieldFails() {
        assertRefused("Cluster", "external-files-db", d -> ((ObjectNode) d.path("spec")).put("instance", 3), "instance");
    }

    @Test
    void cloudNativePgInstancesAsTextFails() {
        assertRefused("Cluster", "external-files-db", d -> ((ObjectNode) d.path("spec")).put("instances", "3"), "instances");
    }

    @Test
    void unknownRealmFieldFails() {
        assertRefused("KeycloakRealmImport", "external-files-realm",
                d -> ((ObjectNode) d.path("spec").path("realm").path("clients").get(0)).put("secrett", "x"), "secrett");
    }

    @Test
    void realmImportWithoutKeycloakNameFails() {
        assertRefused("KeycloakRealmImport", "external-files-realm", d -> ((ObjectNode) d.path("spec")).remove("keycloakCRName"),
                "keycloakCRName");
    }

    @Test
    void unknownKindFails() {
        assertRefused("Service", "kernels", d -> d.put("apiVersion", "v2"), "no schema known");
    }

    @Test
    void untouchedDocumentsPass() {
        for (String[] kindAndName : List.of(new String[] { "Deployment", "integration-service" },
                new String[] { "KafkaTopic", "import-requests" }, new String[] { "Cluster", "external-files-db" },
                new String[] { "KeycloakRealmImport", "external-files-realm" })) {
            assertEquals(List.of(), Schemas.problems(document(kindAndName[0], kindAndName[1])));
        }
    }

    private static void assertRefused(String kind, String name, Consumer<ObjectNode> breakIt, String expected) {
        ObjectNode document = document(kind, name);
        breakIt.accept(document);
        List<String> problems = Schemas.problems(document);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "breaking " + kind + " " + name + " should be reported naming '" + expected + "', got " + problems);
    }

    private static ObjectNode document(String kind, String name) {
        return Kustomize.render(Repo.BASE).stream()
                .filter(d -> d.path("kind").asText().equals(kind) && Manifests.name(d).equals(name))
                .findFirst().orElseThrow().deepCopy();
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) ((ArrayNode) deployment.path("spec").path("template").path("spec").path("containers")).get(0);
    }
}

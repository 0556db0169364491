package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.externalfiles.contracts.Topics;
import io.smallrye.config.SmallRyeConfig;

/**
 * The KafkaTopic resources agree with the services: the names of contracts' Topics and their dead
 * letters, the topics the services' configuration names, dev/stack's topics and partition count,
 * and room in the partitions for every consumer the transfer-service's HPA may start.
 */
class TopicsTest {

    static final List<String> SOURCE_TOPICS = List.of(Topics.IMPORT_REQUESTS, Topics.FILE_CHANGES, Topics.TRANSFER_STATUS,
            Topics.INTEGRATION_CHANGES);
    /** Topics the transfer-service's consumer group shares out among its replicas. */
    static final List<String> TRANSFER_SERVICE_GROUP_TOPICS = List.of(Topics.IMPORT_REQUESTS, Topics.FILE_CHANGES);
    static final long DAY_MS = 24L * 60 * 60 * 1000;
    /** dev/stack creates it but no service reads or writes it (the reference design's kernel-events). */
    static final Set<String> DEV_STACK_ONLY = Set.of("kernel-events");

    static Set<String> contractTopics() {
        return SOURCE_TOPICS.stream().flatMap(t -> Stream.of(t, Topics.deadLetter(t))).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void topicsAreTheContractTopicsAndTheirDeadLetters(String overlay) {
        assertEquals(contractTopics(), new TreeSet<>(partitions(Manifests.of(overlay)).keySet()));
    }

    @Test
    void everyTopicTheServicesConfigureIsAContractTopic() {
        Set<String> named = new TreeSet<>();
        for (String service : List.of("integration-service", "transfer-service", "watcher-agent")) {
            ServiceConfig.properties(service).forEach((key, value) -> {
                if (key.endsWith(".topic") && !value.contains("${")) {
                    named.add(value);
                }
            });
        }
        assertTrue(named.containsAll(List.of(Topics.IMPORT_REQUESTS, Topics.FILE_CHANGES, Topics.TRANSFER_STATUS)), "" + named);
        assertTrue(contractTopics().containsAll(named), "configured but not declared: " + named);
    }

    @Test
    void devStackCreatesTheContractTopicsWithTheDevOverlaysPartitions() {
        String stack = Repo.read(Repo.ROOT.resolve("dev/stack"));
        Matcher list = Pattern.compile("(?s)KAFKA_TOPICS=\\((.*?)\\)").matcher(stack);
        Matcher count = Pattern.compile("(?m)^KAFKA_TOPIC_PARTITIONS=(\\d+)").matcher(stack);
        assertTrue(list.find() && count.find(), "dev/stack no longer sets KAFKA_TOPICS and KAFKA_TOPIC_PARTITIONS");
        Set<String> stackTopics = new TreeSet<>(List.of(list.group(1).trim().split("\\s+")));
        stackTopics.removeAll(DEV_STACK_ONLY);
        assertEquals(contractTopics(), stackTopics, "dev/stack's KAFKA_TOPICS");
        int stackPartitions = Integer.parseInt(count.group(1));
        partitions(Manifests.of("dev")).forEach((topic, partitions) -> assertEquals(stackPartitions, partitions,
                "dev overlay's partitions of " + topic + " (dev/stack uses " + stackPartitions + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyTransferServiceConsumerTheHpaMayStartGetsAPartition(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Manifests.Pod pod = manifests.pod("Deployment", "transfer-service");
        SmallRyeConfig config = ServiceConfig.of("transfer-service",
                ContainerEnv.of(manifests, pod, pod.container("transfer-service")));
        JsonNode hpa = manifests.one("HorizontalPodAutoscaler", "transfer-service").path("spec");
        assertEquals("transfer-service", hpa.path("scaleTargetRef").path("name").asText());
        int maxReplicas = hpa.path("maxReplicas").asInt();
        assertTrue(hpa.path("minReplicas").asInt(1) <= maxReplicas);
        Map<String, Integer> partitions = partitions(manifests);
        for (String topic : TRANSFER_SERVICE_GROUP_TOPICS) {
            String channel = channelOf("transfer-service", topic);
            int consumers = config.getValue("mp.messaging.incoming." + channel + ".concurrency", Integer.class);
            assertEquals("transfer-service", config.getRawValue("mp.messaging.incoming." + channel + ".group.id"));
            assertTrue(maxReplicas * consumers <= partitions.get(topic), overlay + ": " + maxReplicas + " replicas x " + consumers
                    + " consumers on " + topic + " exceed its " + partitions.get(topic) + " partitions; idle consumers would hold memory for nothing");
        }
        int replicas = manifests.one("Deployment", "transfer-service").path("spec").path("replicas").asInt(1);
        assertTrue(replicas <= maxReplicas, overlay + ": Deployment replicas above the HPA's maximum");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void retentionIsSetAndDeadLettersOutliveTheirSource(String overlay) {
        Map<String, JsonNode> topics = topics(Manifests.of(overlay));
        for (String source : SOURCE_TOPICS) {
            long retention = retention(topics.get(source), source);
            long deadLetters = retention(topics.get(Topics.deadLetter(source)), Topics.deadLetter(source));
            assertTrue(deadLetters >= retention, overlay + ": dead letters of " + source + " expire before the source");
            assertEquals("delete", topics.get(source).path("config").path("cleanup.policy").asText(),
                    "per-file keys are not compacted away: " + source);
        }
        // Committed consumer groups (reset: earliest) must find their backlog after a week-long outage.
        for (String source : List.of(Topics.IMPORT_REQUESTS, Topics.FILE_CHANGES, Topics.TRANSFER_STATUS)) {
            assertTrue(retention(topics.get(source), source) >= 7 * DAY_MS, overlay + ": " + source + " keeps less than 7 days");
        }
    }

    @Test
    void productionTopicsSurviveABrokerLossWithAcksAll() {
        for (String service : List.of("integration-service", "transfer-service")) {
            ServiceConfig.properties(service).forEach((key, value) -> {
                if (key.startsWith("mp.messaging.outgoing.") && key.endsWith(".acks")) {
                    assertEquals("all", value, key);
                }
            });
        }
        Manifests production = Manifests.of("production");
        topics(production).forEach((name, spec) -> {
            int replicas = spec.path("replicas").asInt();
            int minInSync = spec.path("config").path("min.insync.replicas").asInt();
            assertTrue(replicas >= 3 && minInSync >= 2 && minInSync < replicas,
                    name + ": replicas " + replicas + ", min.insync.replicas " + minInSync);
        });
        int brokers = production.one("KafkaNodePool", "dual-role").path("spec").path("replicas").asInt();
        assertTrue(brokers >= 3, "production runs " + brokers + " Kafka nodes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void topicsBelongToTheRenderedKafka(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        String kafka = Manifests.name(manifests.ofKind("Kafka").get(0));
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            assertEquals(kafka, topic.path("metadata").path("labels").path("strimzi.io/cluster").asText(), Manifests.name(topic));
        }
        for (JsonNode pool : manifests.ofKind("KafkaNodePool")) {
            assertEquals(kafka, pool.path("metadata").path("labels").path("strimzi.io/cluster").asText(), Manifests.name(pool));
        }
    }

    static Map<String, JsonNode> topics(Manifests manifests) {
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(Manifests.name(topic));
            if (topics.put(name, topic.path("spec")) != null) {
                fail(manifests.overlay() + " declares topic " + name + " twice");
            }
        }
        return topics;
    }

    static Map<String, Integer> partitions(Manifests manifests) {
        Map<String, Integer> partitions = new TreeMap<>();
        topics(manifests).forEach((name, spec) -> partitions.put(name, spec.path("partitions").asInt()));
        return partitions;
    }

    private static long retention(JsonNode spec, String topic) {
        JsonNode retention = spec.path("config").path("retention.ms");
        assertTrue(retention.isIntegralNumber() && retention.asLong() > 0, topic + " has no retention.ms");
        return retention.asLong();
    }

    /** The incoming channel of a service that reads a topic. */
    private static String channelOf(String service, String topic) {
        return ServiceConfig.properties(service).entrySet().stream()
                .filter(e -> e.getKey().startsWith("mp.messaging.incoming.") && e.getKey().endsWith(".topic")
                        && e.getValue().equals(topic))
                .map(e -> e.getKey().substring("mp.messaging.incoming.".length(), e.getKey().length() - ".topic".length()))
                .findFirst().orElseGet(() -> fail(service + " reads no channel from " + topic));
    }
}

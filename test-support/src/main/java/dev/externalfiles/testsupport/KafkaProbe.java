package dev.externalfiles.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads a topic of the real broker from the moment it is opened, so a test sees exactly the
 * records its own actions produced; also sends raw records, as another service would.
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private KafkaProbe(String topic) {
        consumer = consumerAtEnd(topic);
    }

    /**
     * A consumer of the local broker without a group, assigned every partition of the topics and
     * positioned at their current end: it sees exactly what is produced from now on.
     */
    public static KafkaConsumer<String, String> consumerAtEnd(String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic,
                    p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    public static KafkaProbe from(String topic) {
        return new KafkaProbe(topic);
    }

    /** Polls until {@code count} records match, or fails after the timeout; returns the matches. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> match, int count,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, String>> matches = seen.stream().filter(match).toList();
            if (matches.size() >= count) {
                return matches;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching records, saw " + matches.size() + " of "
                        + seen.size() + ": " + seen.stream().map(ConsumerRecord::value).toList());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Every record seen for this long (for asserting that nothing else arrived). */
    public List<ConsumerRecord<String, String>> drain(Duration quiet) {
        Instant deadline = Instant.now().plus(quiet);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Sends a record and answers where it landed. */
    public static org.apache.kafka.clients.producer.RecordMetadata send(String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Waits until the consumer group has committed past the record: the service has handled it. */
    public static void awaitConsumed(String group, org.apache.kafka.clients.producer.RecordMetadata record, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", Stack.kafkaBootstrap());
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Instant deadline = Instant.now().plus(timeout);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            while (true) {
                var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                var committed = offsets.get(partition);
                if (committed != null && committed.offset() > record.offset()) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("group " + group + " did not consume " + partition + "@" + record.offset());
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Commits, for a consumer group that has no members yet, offsets at the current end of every
     * partition of the topics. A group that starts at "latest" has no committed offset in a partition
     * until it handled a record there; a member killed while handling the first one would, restarted,
     * start after it again and never redo it. With offsets committed up front, it resumes at the record.
     */
    public static void commitEndOffsets(String group, String... topics) {
        Properties props = new Properties();
        props.put("bootstrap.servers", Stack.kafkaBootstrap());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var partitions = new java.util.HashMap<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            for (var description : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                description.partitions().forEach(p -> partitions.put(new TopicPartition(description.name(), p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(partitions).all().get();
            var offsets = new java.util.HashMap<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
            ends.forEach((partition, end) -> offsets.put(partition,
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not commit offsets for group " + group, e);
        }
    }

    /** Waits until the group's members own at least {@code partitions} partitions, then lets them fetch positions. */
    public static void awaitGroupAssigned(String group, int partitions, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", Stack.kafkaBootstrap());
        Instant deadline = Instant.now().plus(timeout);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            while (true) {
                int owned = ownedPartitions(admin, group);
                if (owned >= partitions) {
                    Thread.sleep(1500);
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("group " + group + " owns " + owned + " partitions, expected " + partitions);
                }
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Partitions the group's members own; 0 while the group does not exist yet (Kafka 4 says so with an error). */
    private static int ownedPartitions(org.apache.kafka.clients.admin.Admin admin, String group)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        try {
            var description = admin.describeConsumerGroups(java.util.List.of(group)).all().get().get(group);
            return description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return 0; // its first member has not joined yet
            }
            throw e;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

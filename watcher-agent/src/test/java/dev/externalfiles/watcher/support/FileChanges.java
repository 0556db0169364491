package dev.externalfiles.watcher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code file-changes} from the real broker, from the moment it is opened, keeping the
 * events of one kernel: what the agent published is what the broker acknowledged.
 */
public final class FileChanges implements AutoCloseable {

    public static final String SENTINEL_PREFIX = "zz-sentinel-";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: these are waits for a slow shared machine, not assertions about speed. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private final KafkaConsumer<String, String> consumer;
    private final String kernelId;
    private final List<Event> seen = new ArrayList<>();

    private FileChanges(String kernelId) {
        this.kernelId = kernelId;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor("file-changes", Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition("file-changes", p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Starts reading now; only events of this kernel are kept. */
    public static FileChanges of(String kernelId) {
        return new FileChanges(kernelId);
    }

    /** Waits until {@code count} events match; answers them all. */
    public List<Event> await(Predicate<Event> match, int count) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            List<Event> matches = seen.stream().filter(match).toList();
            if (matches.size() >= count) {
                return matches;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching events, saw " + matches.size() + " of "
                        + seen.size() + ": " + seen.stream().limit(50).map(Event::path).toList());
            }
            poll(Duration.ofMillis(100));
        }
    }

    /** Waits for the first event of the path. */
    public Event awaitPath(String path) {
        return await(e -> e.path().equals(path), 1).get(0);
    }

    /**
     * Writes a sentinel file into the folder and waits for its event: everything the agent had
     * seen before it has been decided by then. Then reads a little longer, for events of other
     * partitions still on their way.
     */
    public List<Event> settle(Path folder) {
        String name = SENTINEL_PREFIX + UUID.randomUUID() + ".txt";
        try {
            Files.writeString(folder.resolve(name), name, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPath(name);
        Instant until = Instant.now().plusSeconds(1);
        while (Instant.now().isBefore(until)) {
            poll(Duration.ofMillis(100));
        }
        return changes();
    }

    /** Everything seen but the sentinels. */
    public List<Event> changes() {
        poll(Duration.ZERO);
        return seen.stream().filter(e -> !e.path().startsWith(SENTINEL_PREFIX)).toList();
    }

    public List<Event> forPath(String path) {
        return changes().stream().filter(e -> e.path().equals(path)).toList();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            if (record.key() != null && record.key().startsWith(kernelId + "/")) {
                try {
                    seen.add(new Event(record.key(), record.partition(),
                            JSON.readValue(record.value(), new TypeReference<Map<String, Object>>() {
                            })));
                } catch (IOException e) {
                    throw new AssertionError("unreadable FileChanged: " + record.value(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** One FileChanged as read from the broker. */
    public record Event(String key, int partition, Map<String, Object> value) {
        public String path() {
            return (String) value.get("path");
        }

        public String sha256() {
            return (String) value.get("sha256");
        }

        public long size() {
            return ((Number) value.get("size")).longValue();
        }

        public boolean firstVersion() {
            return Boolean.TRUE.equals(value.get("firstVersion"));
        }

        public String slug() {
            return (String) value.get("slug");
        }
    }
}

package dev.externalfiles.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Poll;

/**
 * Follows one kernel's exports on Kafka from the benchmark's side: when the agent published each
 * FileChanged (the record's timestamp, taken by the agent's producer) and each export's final
 * TransferStatus (its timestamp, taken by the transfer-service right after S3 answered, its
 * state and the {@code timings} it carries). A thread of its own polls both topics from their
 * end, so nothing the benchmark does afterwards is missed.
 */
final class TransferWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kernelId;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final Map<String, Export> exports = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** One export's end: its final state, when it was reported, where its time went. */
    record Export(String path, String state, long reportedMillis, Instant seenAt, JsonNode timings, String errorCode) {
    }

    TransferWatch(String kernelId) {
        this.kernelId = kernelId;
        consumer = KafkaProbe.consumerAtEnd("file-changes", "transfer-status");
        thread = new Thread(this::poll, "transfer-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                try {
                    take(record);
                } catch (Exception e) {
                    // another system's or a malformed record: not ours to judge here
                }
            }
        }
        consumer.close();
    }

    private void take(ConsumerRecord<String, String> record) throws Exception {
        JsonNode event = JSON.readTree(record.value());
        if (!kernelId.equals(event.path("kernelId").asText(null))) {
            return;
        }
        String path = event.path("path").asText();
        if (record.topic().equals("file-changes")) {
            published.put(path, record.timestamp());
            return;
        }
        String state = event.path("state").asText();
        if (event.path("kind").asText().equals("EXPORT") && List.of("SUCCEEDED", "FAILED", "SKIPPED").contains(state)) {
            exports.put(path, new Export(path, state, record.timestamp(), Instant.now(), event.path("timings"),
                    event.path("errorCode").asText(null)));
        }
    }

    /** Waits until every path has a final export status; fails if one did not succeed. */
    List<Export> awaitExported(Collection<String> paths, Duration timeout) {
        Poll.until(paths.size() + " exports", timeout, Duration.ofMillis(2), () -> exports.keySet().containsAll(paths));
        List<Export> ended = paths.stream().map(exports::get).toList();
        List<Export> failed = ended.stream().filter(e -> !e.state().equals("SUCCEEDED")).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " exports did not succeed, e.g. " + failed.get(0));
        }
        return ended;
    }

    /** When the agent published the file's last FileChanged (epoch ms), if seen. */
    Long publishedAt(String path) {
        return published.get(path);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.externalfiles.watcher.publish;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.FileChanged;
import dev.externalfiles.watcher.config.PublishConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends FileChanged to the broker, keyed kernelId/slug/path so the events of one file stay in
 * order on one partition. One plain producer (idempotent, {@code acks=all}): the agent has one
 * outgoing topic and needs the acknowledgement of each record, no more.
 */
@ApplicationScoped
public class FileChangedPublisher {

    private static final Logger LOG = Logger.getLogger(FileChangedPublisher.class);

    private final PublishConfig config;
    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    public FileChangedPublisher(PublishConfig config, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        this.json = json;
        Map<String, Object> props = new HashMap<>(kafka);
        // Quarkus hands over every kafka.* property; keep those a producer understands and pin the rest.
        props.keySet().removeIf(k -> !ProducerConfig.configNames().contains(k) && !k.startsWith("ssl.")
                && !k.startsWith("sasl.") && !k.equals("security.protocol"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "watcher-agent");
        this.producer = new KafkaProducer<>(props);
    }

    /** Sends the event; the future completes when the broker acknowledged it (all in-sync replicas). */
    public CompletableFuture<RecordMetadata> publish(FileChanged event) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            String value = json.writeValueAsString(event);
            producer.send(new ProducerRecord<>(config.topic(), event.kafkaKey(), value), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Waits for what is in flight, then closes; called once at shutdown. */
    @PreDestroy
    public void close() {
        try {
            producer.close(config.closeTimeout());
        } catch (RuntimeException e) {
            LOG.warnf("closing the Kafka producer: %s", e.getMessage());
        }
    }
}

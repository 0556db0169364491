package dev.externalfiles.integration.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.externalfiles.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sets a report that can never apply aside on {@code transfer-status.dlq}, with its key and the
 * headers the connector's own dead-letter strategy writes (reason, source topic, partition and
 * offset). The status consumer reads whole polls, so it dead-letters one report itself rather
 * than letting the connector dead-letter the whole batch.
 */
@ApplicationScoped
public class StatusDeadLetters {

    /** Outgoing channel; its topic is {@code transfer-status.dlq}. */
    public static final String CHANNEL = "transfer-status-dead-letters";
    private static final Logger LOG = Logger.getLogger(StatusDeadLetters.class);

    private final MutinyEmitter<String> emitter;

    public StatusDeadLetters(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has the dead letter; a broker that is away is waited for, never skipped. */
    public Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason) {
        LOG.warnf("transfer-status record at %s-%d@%d dead-lettered: %s", record.topic(), record.partition(),
                record.offset(), reason.getMessage());
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", reason.getMessage());
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", Integer.toString(record.partition()));
        header(headers, "dead-letter-offset", Long.toString(record.offset()));
        Message<String> message = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(Topics.deadLetter(Topics.TRANSFER_STATUS)).withKey(record.key()).withHeaders(headers).build());
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message)).onFailure().retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}

package dev.externalfiles.transfer.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.TransferStatus;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes TransferStatus reports to {@code transfer-status}, keyed by transfer id so they stay in order. */
@ApplicationScoped
public class StatusPublisher {

    /** Outgoing channel; its topic is transfer-status. */
    public static final String CHANNEL = "transfer-status";

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public StatusPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /**
     * Publishes a report. A final report waits for the broker's acknowledgement (on a worker
     * thread), so the source message is acknowledged only once its outcome is recorded.
     */
    public void publish(TransferStatus status, boolean awaitAck) {
        String payload;
        try {
            payload = json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TransferStatus could not be serialized", e);
        }
        Message<String> message = Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(status.transferId().toString()).build());
        if (awaitAck) {
            emitter.sendMessage(message).await().atMost(Duration.ofSeconds(60));
        } else {
            emitter.sendMessageAndForget(message);
        }
    }
}

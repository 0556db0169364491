package dev.externalfiles.integration.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.ImportRequested;
import dev.externalfiles.contracts.IntegrationChanged;
import dev.externalfiles.contracts.Topics;
import dev.externalfiles.integration.domain.OutboxEvent;
import io.smallrye.mutiny.Uni;

/**
 * Adds events to the transactional outbox inside the caller's transaction; the
 * {@link OutboxRelay} publishes them once the transaction has committed.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper json;

    public OutboxWriter(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> importRequested(ImportRequested event) {
        return add(Topics.IMPORT_REQUESTS, event.kafkaKey(), event);
    }

    public Uni<Void> integrationChanged(IntegrationChanged event) {
        return add(Topics.INTEGRATION_CHANGES, event.integrationId().toString(), event);
    }

    private Uni<Void> add(String topic, String key, Object event) {
        OutboxEvent row = new OutboxEvent();
        row.topic = topic;
        row.eventKey = key;
        row.createdAt = Instant.now();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("event could not be serialized", e));
        }
        return row.persist().replaceWithVoid();
    }
}

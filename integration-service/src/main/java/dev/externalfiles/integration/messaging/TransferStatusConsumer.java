package dev.externalfiles.integration.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.Topics;
import dev.externalfiles.contracts.TransferStatus;
import dev.externalfiles.integration.service.MalformedEvent;
import dev.externalfiles.integration.service.TransferService;
import io.smallrye.mutiny.Uni;

/**
 * Reads the transfer-service's reports. Unreadable or inapplicable reports fail at once and go
 * to the dead-letter topic; other failures (database down) are retried until they pass, holding
 * the partition, because a report dropped would leave its transfer unfinished forever.
 */
@ApplicationScoped
public class TransferStatusConsumer {

    /** Channel name; its topic is {@link Topics#TRANSFER_STATUS}. */
    public static final String CHANNEL = "transfer-status";

    private final TransferService transfers;
    private final ObjectMapper json;

    public TransferStatusConsumer(TransferService transfers, ObjectMapper json) {
        this.transfers = transfers;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onStatus(String payload) {
        TransferStatus status;
        try {
            status = json.readValue(payload, TransferStatus.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new MalformedEvent("unreadable TransferStatus: " + e.getMessage(), e));
        }
        if (status != null && status.type() != null && !TransferStatus.TYPE.equals(status.type())) {
            return Uni.createFrom().failure(new MalformedEvent("unexpected type " + status.type()));
        }
        return Uni.createFrom().deferred(() -> transfers.apply(status))
                .onFailure(e -> !(e instanceof MalformedEvent)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}

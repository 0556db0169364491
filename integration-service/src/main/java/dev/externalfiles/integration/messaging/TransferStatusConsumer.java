package dev.externalfiles.integration.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.Topics;
import dev.externalfiles.contracts.TransferStatus;
import dev.externalfiles.integration.service.MalformedEvent;
import dev.externalfiles.integration.service.TransferService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reads the transfer-service's reports, a poll's worth at a time: the readable ones are applied
 * in one transaction. Unreadable reports go to the dead-letter topic at once; if a report turns
 * out inapplicable (an unknown import, say), the batch changed nothing and its reports are
 * applied one by one, so only that one is dead-lettered. Other failures (database down) are
 * retried until they pass, holding the partition, because a report dropped would leave its
 * transfer unfinished forever. The batch is acknowledged only once all of it was handled.
 */
@ApplicationScoped
public class TransferStatusConsumer {

    /** Channel name; its topic is {@link Topics#TRANSFER_STATUS}. */
    public static final String CHANNEL = "transfer-status";

    private final TransferService transfers;
    private final ObjectMapper json;
    private final StatusDeadLetters deadLetters;

    public TransferStatusConsumer(TransferService transfers, ObjectMapper json, StatusDeadLetters deadLetters) {
        this.transfers = transfers;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onStatuses(ConsumerRecords<String, String> records) {
        List<Report> readable = new ArrayList<>();
        List<Uni<Void>> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                readable.add(new Report(record, read(record.value())));
            } catch (MalformedEvent e) {
                unreadable.add(deadLetters.send(record, e));
            }
        }
        Uni<Void> rejected = unreadable.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(unreadable).andFailFast().replaceWithVoid();
        if (readable.isEmpty()) {
            return rejected;
        }
        List<TransferStatus> statuses = readable.stream().map(Report::status).toList();
        return rejected.chain(() -> untilApplied(Uni.createFrom().deferred(() -> transfers.applyAll(statuses)))
                .replaceWithVoid()
                .onFailure(MalformedEvent.class).recoverWithUni(() -> oneByOne(readable)));
    }

    /** The slow path, when a batch held a report that can never apply: each report in a transaction of its own. */
    private Uni<Void> oneByOne(List<Report> reports) {
        return Multi.createFrom().iterable(reports)
                .onItem().transformToUniAndConcatenate(report -> untilApplied(
                        Uni.createFrom().deferred(() -> transfers.apply(report.status())))
                        .replaceWithVoid()
                        .onFailure(MalformedEvent.class).recoverWithUni(e -> deadLetters.send(report.record(), e)))
                .collect().last().replaceWithVoid();
    }

    /** Retries every failure but a report that can never apply, with backoff, for as long as it takes. */
    private static <T> Uni<T> untilApplied(Uni<T> apply) {
        return apply.onFailure(e -> !(e instanceof MalformedEvent)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }

    private TransferStatus read(String payload) {
        TransferStatus status;
        try {
            status = json.readValue(payload, TransferStatus.class);
        } catch (Exception e) {
            throw new MalformedEvent("unreadable TransferStatus: " + e.getMessage(), e);
        }
        if (status == null) {
            throw new MalformedEvent("empty TransferStatus");
        }
        if (status.type() != null && !TransferStatus.TYPE.equals(status.type())) {
            throw new MalformedEvent("unexpected type " + status.type());
        }
        TransferService.validate(status);
        return status;
    }

    private record Report(ConsumerRecord<String, String> record, TransferStatus status) {
    }
}

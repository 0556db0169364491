package dev.externalfiles.transfer.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.messaging.StatusPublisher;
import io.micrometer.core.instrument.MeterRegistry;

/** Starts the report of a transfer. */
@ApplicationScoped
public class TransferReports {

    private final StatusPublisher publisher;
    private final MeterRegistry metrics;
    private final TransferConfig config;

    public TransferReports(StatusPublisher publisher, MeterRegistry metrics, TransferConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    /** {@code enqueued}: the Kafka timestamp of the event that asked for the transfer, if known. */
    public TransferReport start(UUID transferId, TransferKind kind, TransferReport.Location location, Instant enqueued) {
        return new TransferReport(transferId, kind, location, publisher, metrics, config.progressInterval(),
                new PhaseClock(enqueued), Clock.systemUTC());
    }
}

package dev.externalfiles.transfer.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.contracts.TransferStatus;
import dev.externalfiles.contracts.TransferTimings;
import dev.externalfiles.transfer.messaging.StatusPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The reports of one transfer: a log line and a TransferStatus per state change, progress at
 * most once per interval, and the metrics (transfers by kind and state, bytes, durations).
 * RUNNING is reported only once a copy has lasted the progress interval: a small file goes from
 * QUEUED straight to its final state, which spares one Kafka record, one database transaction in
 * integration-service and two log lines per file (dev/bench small-files: the whole system is
 * CPU-bound on small files, so every step per file counts).
 */
public final class TransferReport {

    private static final Logger LOG = Logger.getLogger(TransferReport.class);

    private final UUID transferId;
    private final TransferKind kind;
    private final StatusPublisher publisher;
    private final MeterRegistry metrics;
    private final Duration progressInterval;
    private final Timer.Sample started;
    private final PhaseClock clock;
    private final Clock wallClock;
    private Location location;
    private Instant lastProgress;
    private boolean runningReported;

    TransferReport(UUID transferId, TransferKind kind, Location location, StatusPublisher publisher, MeterRegistry metrics,
            Duration progressInterval, PhaseClock clock, Clock wallClock) {
        this.transferId = transferId;
        this.kind = kind;
        this.location = location;
        this.publisher = publisher;
        this.metrics = metrics;
        this.progressInterval = progressInterval;
        this.started = Timer.start(metrics);
        this.clock = clock;
        this.wallClock = wallClock;
        this.lastProgress = wallClock.instant();
    }

    /** Where this transfer's time goes. */
    PhaseClock clock() {
        return clock;
    }

    /** Where an export belongs; sent with every report so its first one creates its record. */
    public record Location(String projectId, UUID integrationId, String kernelId, String userId, String key, String path) {
    }

    void locate(Location newLocation) {
        this.location = newLocation;
    }

    UUID transferId() {
        return transferId;
    }

    /** The copy begins; its first RUNNING report is due one progress interval from now. */
    void running() {
        lastProgress = wallClock.instant();
    }

    /** Progress: RUNNING with the bytes so far, sent only if the last report (or the start) is older than the interval. */
    void progress(long bytes, Long totalBytes) {
        Instant now = wallClock.instant();
        if (now.isBefore(lastProgress.plus(progressInterval))) {
            return;
        }
        if (!runningReported) {
            runningReported = true;
            LOG.infof("transfer %s %s RUNNING %s", transferId, kind, describe());
        }
        lastProgress = now;
        send(status(TransferState.RUNNING, bytes, totalBytes, null, null, null, null, null), false);
    }

    void succeeded(long bytes, String etag, String versionId, String sha256) {
        LOG.infof("transfer %s %s SUCCEEDED %s bytes=%d etag=%s %s", transferId, kind, describe(), bytes, etag,
                clock.timings());
        metrics.counter("transfer_bytes", "kind", kind.name()).increment(bytes);
        finish(TransferState.SUCCEEDED, status(TransferState.SUCCEEDED, bytes, bytes, etag, versionId, sha256, null, null));
    }

    void ended(TransferFailure failure) {
        TransferState state = failure.outcome() == TransferFailure.Outcome.SKIP ? TransferState.SKIPPED : TransferState.FAILED;
        LOG.infof("transfer %s %s %s %s %s: %s %s", transferId, kind, state, describe(), failure.code(), failure.getMessage(),
                clock.timings());
        finish(state, status(state, null, null, null, null, null, failure.code(), failure.getMessage()));
    }

    private void finish(TransferState state, TransferStatus status) {
        metrics.counter("transfers", "kind", kind.name(), "state", state.name()).increment();
        started.stop(metrics.timer("transfer_duration", "kind", kind.name(), "state", state.name()));
        TransferTimings timings = clock.timings();
        phase("queued", timings.queuedMillis());
        phase("authorize", timings.authorizeMillis());
        phase("agent", timings.agentMillis());
        phase("s3", timings.s3Millis());
        send(status.timedAs(timings), true);
    }

    /** transfer_phase_seconds{kind, phase}: a histogram, so operators can chart its percentiles. */
    private void phase(String phase, Long millis) {
        if (millis != null) {
            Timer.builder("transfer_phase").tag("kind", kind.name()).tag("phase", phase).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(metrics).record(Duration.ofMillis(millis));
        }
    }

    private TransferStatus status(TransferState state, Long bytes, Long total, String etag, String versionId, String sha256,
            String errorCode, String errorMessage) {
        TransferStatus status = TransferStatus.of(transferId, kind, state, bytes, total, etag, versionId, sha256, errorCode,
                errorMessage);
        return location == null ? status
                : status.locatedAt(location.projectId(), location.integrationId(), location.kernelId(), location.userId(),
                        location.key(), location.path());
    }

    private void send(TransferStatus status, boolean awaitAck) {
        publisher.publish(status, awaitAck);
    }

    private String describe() {
        return location == null ? "" : "kernel=" + location.kernelId() + " path=" + location.path();
    }
}

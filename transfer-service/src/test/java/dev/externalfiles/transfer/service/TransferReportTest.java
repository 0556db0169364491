package dev.externalfiles.transfer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.contracts.TransferStatus;
import dev.externalfiles.transfer.messaging.StatusPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Which reports a transfer sends: RUNNING only once its copy has lasted the progress interval. */
class TransferReportTest {

    /** Keeps what would go to Kafka. */
    static final class RecordingPublisher extends StatusPublisher {
        final List<TransferStatus> sent = new ArrayList<>();
        final List<Boolean> awaited = new ArrayList<>();

        RecordingPublisher() {
            super(null, null);
        }

        @Override
        public void publish(TransferStatus status, boolean awaitAck) {
            sent.add(status);
            awaited.add(awaitAck);
        }
    }

    /** A clock the test moves by hand, so no assertion depends on how fast the machine is. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final ManualClock clock = new ManualClock();

    private TransferReport report(Duration progressInterval) {
        return new TransferReport(UUID.randomUUID(), TransferKind.IMPORT, new TransferReport.Location("p", null, "k", "u",
                "key", "path"), publisher, new SimpleMeterRegistry(), progressInterval, new PhaseClock(null), clock);
    }

    @Test
    void aQuickTransferGoesStraightToItsFinalState() {
        TransferReport report = report(Duration.ofSeconds(1));
        report.running();
        clock.advance(Duration.ofMillis(999));
        report.progress(65_536, 65_536L);
        report.succeeded(65_536, "\"etag\"", null, "a".repeat(64));

        assertEquals(List.of(TransferState.SUCCEEDED), publisher.sent.stream().map(TransferStatus::state).toList());
        assertEquals(List.of(true), publisher.awaited, "the final report waits for the broker");
        assertNotNull(publisher.sent.get(0).timings(), "a final report carries its timings");
    }

    @Test
    void aLongTransferReportsRunningWithItsBytesAtMostOncePerInterval() {
        TransferReport report = report(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(5)); // queued a while: the interval counts from the copy's start
        report.running();
        report.progress(10, 100L);
        clock.advance(Duration.ofSeconds(1));
        report.progress(20, 100L);
        clock.advance(Duration.ofMillis(500));
        report.progress(30, 100L);
        clock.advance(Duration.ofMillis(500));
        report.progress(40, 100L);
        report.ended(TransferFailure.retryable("AGENT_UNAVAILABLE", "the agent answered 503", null));

        assertEquals(List.of(TransferState.RUNNING, TransferState.RUNNING, TransferState.FAILED),
                publisher.sent.stream().map(TransferStatus::state).toList());
        assertEquals(20L, publisher.sent.get(0).bytes());
        assertEquals(40L, publisher.sent.get(1).bytes());
        assertEquals(List.of(false, false, true), publisher.awaited, "progress is sent without waiting");
    }
}

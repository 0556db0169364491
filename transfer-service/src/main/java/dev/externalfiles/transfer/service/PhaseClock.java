package dev.externalfiles.transfer.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Supplier;

import dev.externalfiles.contracts.TransferTimings;

/**
 * Adds up where one transfer's time goes: queued in Kafka, authorizing, the agent, S3. Used by
 * one worker thread at a time (a transfer runs on one), except {@link #timedReads}, whose
 * stream may be read by one thread while parts are uploaded on others.
 */
final class PhaseClock {

    private final Long queuedMillis;
    private long authorizeNanos = -1;
    private long agentNanos = -1;
    private long s3Nanos = -1;

    /** {@code enqueued}: the Kafka timestamp of the event that asked for the transfer. */
    PhaseClock(Instant enqueued) {
        this.queuedMillis = enqueued == null ? null : Math.max(0, Instant.now().toEpochMilli() - enqueued.toEpochMilli());
    }

    <T> T authorize(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            authorizeNanos = add(authorizeNanos, System.nanoTime() - start);
        }
    }

    <T> T s3(Supplier<T> call) {
        return split(null, false, call);
    }

    <T> T agent(Supplier<T> call) {
        return split(null, true, call);
    }

    /**
     * Runs {@code call}, which moves bytes from {@code timed} to the other side: the time spent
     * inside the stream's reads goes to the stream's side (the agent's if {@code streamIsAgent}),
     * the rest to the other side. Without a stream, all of it goes to the stream's side.
     */
    <T> T split(TimedReads timed, boolean streamIsAgent, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            long total = System.nanoTime() - start;
            long reading = timed == null ? total : Math.min(total, timed.nanos);
            boolean otherSide = timed != null;
            if (streamIsAgent) {
                agentNanos = add(agentNanos, reading);
                s3Nanos = otherSide ? add(s3Nanos, total - reading) : s3Nanos;
            } else {
                s3Nanos = add(s3Nanos, reading);
                agentNanos = otherSide ? add(agentNanos, total - reading) : agentNanos;
            }
        }
    }

    TransferTimings timings() {
        return new TransferTimings(queuedMillis, millis(authorizeNanos), millis(agentNanos), millis(s3Nanos));
    }

    static TimedReads timedReads(InputStream in) {
        return new TimedReads(in);
    }

    private static long add(long sum, long nanos) {
        return Math.max(sum, 0) + nanos;
    }

    private static Long millis(long nanos) {
        return nanos < 0 ? null : Math.round(nanos / 1e6);
    }

    /** A stream that counts the time its reads block: time spent waiting on whoever sends the bytes. */
    static final class TimedReads extends FilterInputStream {
        private volatile long nanos;

        private TimedReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            long start = System.nanoTime();
            try {
                return super.read();
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long start = System.nanoTime();
            try {
                return super.read(buffer, offset, length);
            } finally {
                nanos += System.nanoTime() - start;
            }
        }
    }
}

package dev.externalfiles.watcher.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A request's body as a blocking stream for a worker thread, which lets the event loop read up
 * to {@code readAhead} buffers ahead of it and wakes it once per read it waits on.
 *
 * <p>RESTEasy's own stream asks Vert.x for one buffer at a time and wakes the reading thread for
 * each: for a stored file that is, at 64 KiB a buffer, 16,384 round trips between the event loop
 * and the request's thread per GiB, each of them two thread wake-ups (the event loop's read
 * waits on the consumer and the consumer on the read). On this machine those wake-ups and the
 * context switches behind them were about a quarter of the agent's CPU while it stored a file
 * (async-profiler). Here a read waits until it can be filled (or the body ended, or half the
 * read-ahead is queued), and more buffers are asked for once half of those asked for were read.
 *
 * <p>A body that stops arriving for {@code timeout} fails the read, and its connection is closed
 * once the answer was sent. Closing the stream before the body ended otherwise discards the rest
 * as it arrives, as RESTEasy's stream does, so that the connection stays usable for the answer
 * and the next request.
 */
public final class ReadAheadBody extends InputStream {

    private final RoutingContext exchange;
    private final HttpServerRequest request;
    private final int readAhead;
    private final long timeoutNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    /** Bytes of the first queued buffer already read. */
    private int readOfFirst;
    /** Bytes queued and not read yet. */
    private long queuedBytes;
    /** While the reader waits: how many queued bytes would fill its read; 0 otherwise. */
    private long waitingFor;
    /** Buffers read since more were last asked for. */
    private int readSinceFetch;
    /** When the last piece of the body arrived (System.nanoTime()); a stall is counted from it. */
    private long lastArrival;
    private boolean ended;
    private Throwable failure;
    private boolean closed;

    /**
     * Takes over the body of the exchange's request, which nothing else may read. {@code readAhead}
     * is in buffers (at most quarkus.http.limits.max-chunk-size bytes each), at least 2.
     */
    public ReadAheadBody(RoutingContext exchange, int readAhead, Duration timeout) {
        if (readAhead < 2) {
            throw new IllegalArgumentException("read-ahead must be at least 2 buffers, not " + readAhead);
        }
        this.exchange = exchange;
        this.request = exchange.request();
        this.readAhead = readAhead;
        this.timeoutNanos = timeout.toNanos();
        if (request.isEnded()) {
            // Quarkus pauses every request as it arrives, so only another reader can have taken the body.
            throw new IllegalStateException("the request body was already read");
        }
        lastArrival = System.nanoTime();
        request.pause();
        request.handler(this::onBuffer);
        request.endHandler(ignored -> onEnd(null));
        request.exceptionHandler(this::onEnd);
        if (request.response().closed()) {
            // The client hung up before the handlers were set: Vert.x told no one.
            onEnd(new IOException("the connection was closed"));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // RESTEasy's stream sends it on the first read; this one reads now
        }
        request.fetch(readAhead);
    }

    /** On the event loop: one more piece of the body. */
    private void onBuffer(Buffer buffer) {
        if (buffer.length() == 0) {
            request.fetch(1); // an empty piece (a chunked body's last one) took a unit of demand: give it back
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            lastArrival = System.nanoTime();
            queue.add(buffer);
            queuedBytes += buffer.length();
            if (waitingFor > 0 && (queuedBytes >= waitingFor || queue.size() >= readAhead / 2)) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** On the event loop: the body ended ({@code failure} null) or the connection failed. */
    private void onEnd(Throwable failure) {
        lock.lock();
        try {
            if (failure == null) {
                ended = true;
            } else if (!ended && this.failure == null) {
                this.failure = failure;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        int fetch = 0;
        lock.lock();
        try {
            if (closed) {
                throw new IOException("the request body was closed");
            }
            awaitBytes(length);
            if (queuedBytes == 0) {
                if (failure != null) {
                    throw failure instanceof Incomplete incomplete ? incomplete
                            : new Incomplete("The request body broke off: " + failure.getMessage(), false, failure);
                }
                return -1; // ended
            }
            while (copied < length && !queue.isEmpty()) {
                Buffer first = queue.peek();
                int n = Math.min(length - copied, first.length() - readOfFirst);
                first.getBytes(readOfFirst, readOfFirst + n, into, offset + copied);
                copied += n;
                readOfFirst += n;
                queuedBytes -= n;
                if (readOfFirst == first.length()) {
                    queue.poll();
                    readOfFirst = 0;
                    readSinceFetch++;
                }
            }
            if (readSinceFetch >= readAhead / 2 && !ended && failure == null) {
                fetch = readSinceFetch;
                readSinceFetch = 0;
            }
        } finally {
            lock.unlock();
        }
        if (fetch > 0) {
            request.fetch(fetch);
        }
        return copied;
    }

    /**
     * Waits, holding the lock, until {@code length} bytes or half the read-ahead are queued, or
     * the body ended or failed; fails once nothing arrived for the timeout.
     */
    private void awaitBytes(int length) throws IOException {
        try {
            while (queuedBytes < length && queue.size() < readAhead / 2 && !ended && failure == null) {
                long left = lastArrival + timeoutNanos - System.nanoTime();
                if (left <= 0) {
                    Incomplete timedOut = new Incomplete("No bytes of the request body arrived for "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s", true, null);
                    failure = timedOut;
                    throw timedOut;
                }
                waitingFor = length;
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the request body");
        } finally {
            waitingFor = 0;
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean discardRest;
        boolean timedOut;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            discardRest = !ended && failure == null;
            timedOut = failure instanceof Incomplete incomplete && incomplete.timedOut();
            queue.clear();
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
        if (discardRest) {
            try {
                request.handler(ignored -> {
                });
                request.resume();
            } catch (IllegalStateException endedMeanwhile) {
                // The body ended after the check above: nothing left to discard.
            }
        } else if (timedOut) {
            exchange.addEndHandler(answered -> request.connection().close());
        }
    }

    /** The body broke off (the connection failed) or stopped arriving ({@link #timedOut}) before it ended. */
    public static final class Incomplete extends IOException {
        private final boolean timedOut;

        Incomplete(String message, boolean timedOut, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }
}

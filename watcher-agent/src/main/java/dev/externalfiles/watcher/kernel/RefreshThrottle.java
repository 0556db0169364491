package dev.externalfiles.watcher.kernel;

import java.time.Duration;

/**
 * At most one heartbeat brought forward per interval, however many requests name an unknown
 * slug (a caller retrying in a loop, or a hostile one, costs the registry one call per interval).
 * Times are {@link System#nanoTime()} readings, passed in so that tests need no clock.
 */
final class RefreshThrottle {

    private final long intervalNanos;
    private boolean any;
    private long last;

    RefreshThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Whether one may start at {@code nowNanos}; if so, the next one waits a whole interval. */
    synchronized boolean tryAcquire(long nowNanos) {
        if (any && nowNanos - last < intervalNanos) {
            return false;
        }
        any = true;
        last = nowNanos;
        return true;
    }
}

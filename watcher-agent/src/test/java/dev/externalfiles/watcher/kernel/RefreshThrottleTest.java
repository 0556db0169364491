package dev.externalfiles.watcher.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RefreshThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void letsOneReadThroughPerInterval() {
        RefreshThrottle throttle = new RefreshThrottle(Duration.ofSeconds(2));
        long start = -5 * SECOND; // nanoTime readings may be negative
        assertThat(throttle.tryAcquire(start)).isTrue();
        assertThat(throttle.tryAcquire(start)).isFalse();
        assertThat(throttle.tryAcquire(start + SECOND)).isFalse();
        assertThat(throttle.tryAcquire(start + 2 * SECOND - 1)).isFalse();
        assertThat(throttle.tryAcquire(start + 2 * SECOND)).isTrue();
        // The interval runs from the read let through, not from the refused attempts.
        assertThat(throttle.tryAcquire(start + 3 * SECOND)).isFalse();
        assertThat(throttle.tryAcquire(start + 4 * SECOND)).isTrue();
    }

    @Test
    void aFloodOfUnknownSlugsAtOnceCostsTheRegistryOneRead() throws Exception {
        RefreshThrottle throttle = new RefreshThrottle(Duration.ofSeconds(2));
        long now = 42 * SECOND;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                done.add(callers.submit(() -> {
                    go.await();
                    if (throttle.tryAcquire(now)) {
                        granted.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(granted).hasValue(1);
    }
}

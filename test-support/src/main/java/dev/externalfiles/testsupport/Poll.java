package dev.externalfiles.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition outside JUnit (benchmarks, process set-up), where Awaitility is not at hand. */
public final class Poll {

    private Poll() {
    }

    /** Checks {@code done} every {@code period} until it holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, Duration period, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout);
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

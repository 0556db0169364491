package dev.externalfiles.transfer.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.transfer.config.TransferConfig;

/**
 * Runs an attempt again after retryable failures, with exponential backoff and jitter, up
 * to a bounded number of attempts. Runs on worker threads only, so it may sleep.
 */
@ApplicationScoped
public class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);
    private final TransferConfig.Retry config;

    public Retrier(TransferConfig config) {
        this.config = config.retry();
    }

    public <T> T run(String what, Supplier<T> attempt) {
        for (int n = 1;; n++) {
            try {
                return attempt.get();
            } catch (TransferFailure failure) {
                if (failure.outcome() != TransferFailure.Outcome.RETRY || n >= config.maxAttempts()) {
                    throw failure;
                }
                Duration pause = backoff(n);
                LOG.infof("%s: attempt %d failed (%s: %s); retrying in %d ms", what, n, failure.code(), failure.getMessage(),
                        pause.toMillis());
                sleep(pause);
            }
        }
    }

    /** "Equal jitter": a random pause between half the exponential bound and the bound. */
    Duration backoff(int attempt) {
        long bound = Math.min(config.maxBackoff().toMillis(),
                config.initialBackoff().toMillis() * (1L << Math.min(attempt - 1, 20)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferFailure.permanent("INTERRUPTED", "the service is stopping");
        }
    }
}

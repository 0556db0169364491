package dev.externalfiles.transfer.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How transfers move bytes. Memory is bounded by these settings, never by file size nor by the
 * number of transfers: every upload buffer (a whole file below {@code multipart-threshold}, which
 * is verified before it is sent, or one part) is taken from {@code buffer-memory}.
 */
@ConfigMapping(prefix = "transfer")
public interface TransferConfig {

    /** Files at least this large are exported with a multipart upload. */
    @WithDefault("16M")
    MemorySize multipartThreshold();

    /** Size of one multipart part (S3's minimum is 5 MiB). */
    @WithDefault("8M")
    MemorySize partSize();

    /** Parts of one file uploaded at the same time (their buffers come out of {@link #bufferMemory()}). */
    @WithDefault("4")
    int partConcurrency();

    /**
     * Imports, and exports, this replica runs at once over all partitions it owns (the worker
     * pools {@code imports} and {@code exports}; smallrye.messaging.worker.&lt;pool&gt;.max-concurrency
     * in application.properties take this value). Transfers of one file never overlap.
     */
    @WithDefault("16")
    int concurrency();

    /** Heap all upload buffers of this replica may hold at once (at least multipart-threshold). */
    @WithDefault("96M")
    MemorySize bufferMemory();

    /** Least time between two RUNNING progress reports of one transfer. */
    @WithDefault("1s")
    Duration progressInterval();

    /** How long the answer of integration-service to "may this transfer go?" is reused. */
    @WithDefault("5s")
    Duration accessCacheTtl();

    /** Retries of transient failures. */
    Retry retry();

    /** Calls to watcher-agents. */
    Agent agent();

    /** Retries with exponential backoff and full jitter. */
    interface Retry {
        /** Attempts in all, the first included. */
        @WithDefault("10")
        int maxAttempts();

        /** Backoff before the second attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest backoff between two attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    /** Calls to watcher-agents. */
    interface Agent {
        /** Time to connect to an agent. */
        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * Longest silence of an agent: waiting for its answer, between two reads of a file it
         * serves, or while a store's body is not taken (then the store is aborted and retried).
         */
        @WithDefault("60s")
        Duration responseTimeout();
    }
}

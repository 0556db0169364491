package dev.externalfiles.transfer.s3;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * The heap that all uploads of this replica may hold at once: a single upload's whole file, a
 * multipart upload's parts in flight. Each buffer is taken from the budget before it is filled
 * and given back once S3 has it, so memory stays within {@code transfer.buffer-memory} however
 * many transfers run and however large their files are. Fair, so a large file's parts do not
 * starve small files. An upload waits only while holding parts that are on their way to S3, so
 * it cannot deadlock with another.
 */
@ApplicationScoped
public class BufferBudget {

    private static final int UNIT = 1024;

    private final Semaphore kibibytes;
    private final long total;

    public BufferBudget(TransferConfig config) {
        this.total = config.bufferMemory().asLongValue();
        this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, total / UNIT), true);
    }

    /** Takes room for a buffer of {@code bytes}; give it back with {@link #release}. */
    public void acquire(long bytes) {
        try {
            kibibytes.acquire(units(bytes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferFailure.permanent("INTERRUPTED", "the service is stopping");
        }
    }

    public void release(long bytes) {
        kibibytes.release(units(bytes));
    }

    private int units(long bytes) {
        if (bytes > total) {
            throw new IllegalStateException("a buffer of " + bytes + " bytes exceeds transfer.buffer-memory (" + total + ")");
        }
        return (int) Math.max(1, (bytes + UNIT - 1) / UNIT);
    }
}

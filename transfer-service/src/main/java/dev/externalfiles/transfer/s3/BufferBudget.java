package dev.externalfiles.transfer.s3;

import java.util.concurrent.ArrayBlockingQueue;
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
 * <p>
 * Part buffers are reused: a given-back part's array waits for the next part (at most
 * {@code part-concurrency + 1} of them, one upload's window, idle outside the budget). A new
 * 8 MiB array per part is a humongous object for G1 at this heap size, and 128 of them per GiB
 * kept the collector's concurrent marking running through every large export (a fifth of the
 * transfer-service's CPU, dev/bench large-transfers with async-profiler).
 */
@ApplicationScoped
public class BufferBudget {

    private static final int UNIT = 1024;

    private final Semaphore kibibytes;
    private final long total;
    private final int partSize;
    private final ArrayBlockingQueue<byte[]> idleParts;

    public BufferBudget(TransferConfig config) {
        this.total = config.bufferMemory().asLongValue();
        this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, total / UNIT), true);
        this.partSize = (int) config.partSize().asLongValue();
        this.idleParts = new ArrayBlockingQueue<>(config.partConcurrency() + 1);
    }

    /** Size of every array {@link #takePart} hands out. */
    public int partSize() {
        return partSize;
    }

    /** Takes room for one part and an array of {@link #partSize} bytes, reused if one is idle; give it back with {@link #givePart}. */
    public byte[] takePart() {
        acquire(partSize);
        byte[] idle = idleParts.poll();
        if (idle != null) {
            return idle;
        }
        try {
            return new byte[partSize];
        } catch (OutOfMemoryError e) {
            release(partSize);
            throw e;
        }
    }

    /** Gives a part's room back; its array is kept for the next part unless enough are idle already. */
    public void givePart(byte[] part) {
        if (part.length == partSize) {
            idleParts.offer(part);
        }
        release(part.length);
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

package dev.externalfiles.contracts.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A stream read ahead by another thread into a few fixed buffers, so that reading the source
 * (and whatever its wrappers do, such as hashing) overlaps with what the reader of this stream
 * does with the bytes. An import otherwise read 256 KiB from S3, hashed it, then wrote it to the
 * agent, then read again: each side waited for the other. At most {@code buffers} chunks of
 * {@code chunkSize} bytes are held at once; a failure of the source is thrown by the read that
 * reaches it. Closing before the source ended stops the reading thread and aborts the source
 * (closing it instead would, for an S3 response, first read it to its end); the source itself is
 * its owner's to close.
 */
public final class ReadAhead extends InputStream {

    private static final Chunk END = new Chunk(null, 0, null);

    private final InputStream source;
    private final Runnable abortSource;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> filled;
    private final Future<?> reading;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    /** {@code abortSource}: unblocks a read of the source from another thread, for good. */
    public ReadAhead(InputStream source, Runnable abortSource, ExecutorService threads, int buffers, int chunkSize) {
        if (buffers < 2 || chunkSize < 1) {
            throw new IllegalArgumentException("at least two buffers of at least one byte");
        }
        this.source = source;
        this.abortSource = abortSource;
        this.free = new ArrayBlockingQueue<>(buffers);
        // One more place than there are buffers: the end (or a failure) always fits behind the last chunk.
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[chunkSize]);
        }
        this.reading = threads.submit(this::fill);
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] buffer = free.take();
                int length = source.readNBytes(buffer, 0, buffer.length);
                if (length > 0) {
                    filled.put(new Chunk(buffer, length, null));
                }
                if (length < buffer.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody reads any more
        } catch (IOException | RuntimeException e) {
            filled.offer(new Chunk(null, 0, e));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("read ahead stream closed");
        }
        if (length == 0) {
            return 0;
        }
        if (current != null && position == current.length) {
            free.add(current.bytes);
            current = null;
        }
        if (current == null) {
            Chunk next = take();
            if (next.failure != null) {
                filled.offer(next); // every later read fails the same way
                throw next.failure instanceof IOException io ? new IOException(io.getMessage(), io)
                        : new IOException("reading ahead failed: " + next.failure, next.failure);
            }
            if (next == END) {
                filled.offer(END);
                return -1;
            }
            current = next;
            position = 0;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current.bytes, position, into, offset, n);
        position += n;
        return n;
    }

    private Chunk take() throws IOException {
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the source");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!reading.isDone()) {
            reading.cancel(true);
            // A thread blocked in a socket read ignores the interrupt; aborting the source ends the read.
            abortSource.run();
        }
    }

    private record Chunk(byte[] bytes, int length, Exception failure) {
    }
}

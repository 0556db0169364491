package dev.externalfiles.transfer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import org.apache.http.entity.AbstractHttpEntity;

/**
 * The body of a PUT to an agent: exactly {@code size} bytes of a stream, written on the caller's
 * thread in full buffers (the S3 stream answers a read with what one socket read brought, often
 * 16-64 KiB). It tells when a write has been blocked for long, so that an upload the agent stopped
 * taking can be aborted (a socket timeout bounds only reads, not a write into a full send buffer),
 * and it tells a failure to read the object apart from a failure to send it.
 */
final class StoreBody extends AbstractHttpEntity {

    /** Most bytes read and written at once: a whole small file in one write, a large one in 256 KiB writes. */
    static final int CHUNK = 256 * 1024;

    private final InputStream content;
    private final long size;
    /** When the write under way began; 0 while none is. */
    private volatile long writeStartedNanos;

    StoreBody(InputStream content, long size) {
        this.content = content;
        this.size = size;
        setContentType("application/octet-stream");
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public long getContentLength() {
        return size;
    }

    @Override
    public InputStream getContent() {
        throw new UnsupportedOperationException("a store's body is streamed once, by writeTo");
    }

    @Override
    public boolean isStreaming() {
        return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
        long left = size;
        while (left > 0) {
            int read = read(buffer, left);
            writeStartedNanos = System.nanoTime();
            try {
                out.write(buffer, 0, read);
            } finally {
                writeStartedNanos = 0;
            }
            left -= read;
        }
    }

    /** True while one write has been blocked for longer than {@code limit} (time spent reading the object is not counted). */
    boolean stalledFor(Duration limit) {
        long started = writeStartedNanos;
        return started != 0 && System.nanoTime() - started > limit.toNanos();
    }

    private int read(byte[] buffer, long left) throws SourceFailed {
        int read;
        try {
            read = content.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        } catch (IOException e) {
            throw new SourceFailed(e.getMessage(), e);
        }
        if (read == 0) {
            throw new SourceFailed("the object ended " + left + " bytes before its announced " + size, null);
        }
        return read;
    }

    /** Reading the bytes to send failed: the object's stream broke or ended early, not the agent. */
    static final class SourceFailed extends IOException {
        SourceFailed(String message, IOException cause) {
            super(message, cause);
        }
    }
}

package dev.externalfiles.transfer.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A store's body: the announced bytes of the S3 stream, in order, in full writes whatever its reads bring. */
class StoreBodyTest {

    @Test
    void theBytesAreTheStreamsInOrderWrittenInFullPiecesFromShortReads() throws IOException {
        byte[] content = patterned(StoreBody.CHUNK + 1000);
        Writes out = new Writes();
        new StoreBody(new ShortReads(new ByteArrayInputStream(content), 7), content.length).writeTo(out);
        assertArrayEquals(content, out.bytes.toByteArray());
        assertEquals(List.of(StoreBody.CHUNK, 1000), out.lengths, "one full write, then the rest, not one per short read");
    }

    @Test
    void nothingPastTheAnnouncedSizeIsRead() throws IOException {
        byte[] content = patterned(100);
        ByteArrayInputStream stream = new ByteArrayInputStream(content);
        Writes out = new Writes();
        new StoreBody(stream, 60).writeTo(out);
        assertEquals(60, out.bytes.size());
        assertEquals(40, stream.available(), "the rest is left in the stream");
    }

    @Test
    void aStreamShorterThanAnnouncedFailsTheBodyAsTheSources() {
        StoreBody body = new StoreBody(new ByteArrayInputStream(new byte[10]), 11);
        StoreBody.SourceFailed failure = assertThrows(StoreBody.SourceFailed.class, () -> body.writeTo(new Writes()));
        assertTrue(failure.getMessage().contains("ended 1 bytes before its announced 11"), failure.getMessage());
    }

    @Test
    void aBrokenStreamFailsTheBodyAsTheSources() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        StoreBody.SourceFailed failure = assertThrows(StoreBody.SourceFailed.class,
                () -> new StoreBody(broken, 5).writeTo(new Writes()));
        assertEquals("connection reset", failure.getMessage());
    }

    @Test
    void anEmptyFileIsAnEmptyBody() throws IOException {
        Writes out = new Writes();
        StoreBody body = new StoreBody(new ByteArrayInputStream(new byte[0]), 0);
        body.writeTo(out);
        assertEquals(0, out.bytes.size());
        assertEquals(0, body.getContentLength());
        assertFalse(body.isRepeatable());
    }

    @Test
    void aBodyIsStalledOnlyWhileAWriteIsBlocked() throws IOException {
        InputStream slowSource = new ByteArrayInputStream(new byte[10]) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                pause();
                return super.read(buffer, offset, length);
            }
        };
        StoreBody body = new StoreBody(slowSource, 10);
        assertFalse(body.stalledFor(Duration.ZERO), "not before it is sent: the client's own timeouts bound that");
        OutputStream blocked = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("written in pieces");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                pause();
                assertTrue(body.stalledFor(Duration.ofMillis(1)), "a write under way that has not completed");
                assertFalse(body.stalledFor(Duration.ofMinutes(1)));
            }
        };
        body.writeTo(blocked);
        assertFalse(body.stalledFor(Duration.ZERO), "not once it was sent: the socket timeout bounds the answer");
    }

    @Test
    void waitingOnTheObjectIsNotAStall() throws IOException {
        StoreBody[] body = new StoreBody[1];
        InputStream slowSource = new ByteArrayInputStream(new byte[10]) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                pause();
                assertFalse(body[0].stalledFor(Duration.ofMillis(1)), "reading the object is S3's time, not the agent's");
                return super.read(buffer, offset, length);
            }
        };
        body[0] = new StoreBody(slowSource, 10);
        body[0].writeTo(new Writes());
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] patterned(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }

    /** What was written, and the length of each write. */
    private static final class Writes extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void write(int b) {
            throw new AssertionError("written in pieces");
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
            lengths.add(length);
        }
    }

    /** Answers at most {@code most} bytes per read, as a socket does. */
    private static final class ShortReads extends FilterInputStream {
        private final int most;

        ShortReads(InputStream in, int most) {
            super(in);
            this.most = most;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return super.read(buffer, offset, Math.min(length, most));
        }
    }
}

package dev.externalfiles.transfer.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A store's body is handed to the HTTP client in full buffers, whatever the S3 stream's reads bring. */
class FillingReadsTest {

    @Test
    void aReadIsFilledFromManyShortOnes() throws IOException {
        byte[] content = new byte[100];
        Arrays.fill(content, (byte) 7);
        InputStream filling = new AgentClient.FillingReads(new ShortReads(new ByteArrayInputStream(content), 3));
        byte[] buffer = new byte[64];
        assertEquals(64, filling.read(buffer, 0, 64), "the whole buffer, not the 3 bytes one read brought");
        assertEquals(36, filling.read(buffer, 0, 64), "what is left, at the end");
        assertEquals(-1, filling.read(buffer, 0, 64));
    }

    @Test
    void theBytesAreTheStreamsInOrder() throws IOException {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        InputStream filling = new AgentClient.FillingReads(new ShortReads(new ByteArrayInputStream(content), 7));
        assertArrayEquals(content, filling.readAllBytes());
    }

    @Test
    void anEmptyReadAsksNothing() throws IOException {
        InputStream filling = new AgentClient.FillingReads(new ByteArrayInputStream(new byte[0]));
        assertEquals(0, filling.read(new byte[8], 0, 0));
        assertEquals(-1, filling.read(new byte[8], 0, 8));
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

package dev.externalfiles.contracts.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading ahead on another thread: the same bytes in the same order, failures where they happen, a clean stop. */
class ReadAheadTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "no reading thread is left behind");
    }

    @ParameterizedTest
    @CsvSource({ "0, 16", "1, 16", "16, 16", "17, 16", "100000, 4096", "100000, 7" })
    void theBytesAreTheSourcesInOrder(int size, int chunk) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        try (ReadAhead read = new ReadAhead(new ShortReads(new ByteArrayInputStream(content), 5), () -> { }, threads, 3,
                chunk)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1000];
            int n;
            while ((n = read.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
            assertArrayEquals(content, out.toByteArray());
            assertEquals(-1, read.read(buffer, 0, buffer.length), "the end stays the end");
            assertEquals(-1, read.read());
        }
    }

    @Test
    void aFailureOfTheSourceIsThrownAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == 40) {
                    throw new IOException("connection reset");
                }
                sent++;
                return 1;
            }
        };
        try (ReadAhead read = new ReadAhead(failing, () -> { }, threads, 2, 16)) {
            byte[] buffer = new byte[16];
            int received = 0;
            IOException failure = null;
            try {
                int n;
                while ((n = read.read(buffer, 0, buffer.length)) >= 0) {
                    received += n;
                }
            } catch (IOException e) {
                failure = e;
            }
            assertEquals(32, received, "the two whole chunks read before the failure");
            assertTrue(failure != null && failure.getMessage().contains("connection reset"), String.valueOf(failure));
            assertThrows(IOException.class, () -> read.read(buffer, 0, buffer.length), "and every later read fails too");
        }
    }

    @Test
    void closingBeforeTheEndAbortsASourceBlockedInARead() {
        CountDownLatch aborted = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    aborted.await(); // a socket read: it ignores interrupts and ends only when aborted
                } catch (InterruptedException e) {
                    // ignored, as a socket read would
                }
                throw new IOException("aborted");
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ReadAhead read = new ReadAhead(endless, aborted::countDown, threads, 2, 16);
            read.close();
            assertTrue(aborted.await(10, TimeUnit.SECONDS), "the source was aborted");
            assertThrows(IOException.class, () -> read.read(new byte[4], 0, 4), "a closed stream is not read");
        });
    }

    /** A stream that brings at most {@code most} bytes per read, as a socket does. */
    private static final class ShortReads extends java.io.FilterInputStream {
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

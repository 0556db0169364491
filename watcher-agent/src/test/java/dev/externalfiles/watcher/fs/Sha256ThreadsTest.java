package dev.externalfiles.watcher.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Pieces hashed off the caller's thread, handed over the way FileService does (through the
 * feed's buffers, each given out again only once hashed), give exactly the sha256 of the whole
 * content.
 */
class Sha256ThreadsTest {

    private final Sha256Threads threads = new Sha256Threads();

    @BeforeEach
    void start() {
        threads.start();
    }

    @AfterEach
    void stop() {
        threads.stop();
    }

    /** Repeated: an ordering or hand-over fault would show as a wrong hash now and then, not every time. */
    @RepeatedTest(20)
    void piecesFedThroughTheFeedsBuffersHashToTheWholeBody() {
        byte[] body = random((5 << 20) + 12_345, 7);
        MessageDigest digest = Sha256.digest();
        Sha256Threads.Feed feed = threads.feed(digest, 256 * 1024);
        for (int offset = 0; offset < body.length;) {
            byte[] buffer = feed.nextBuffer();
            int length = Math.min(buffer.length, body.length - offset);
            System.arraycopy(body, offset, buffer, 0, length);
            feed.hash(length);
            offset += length;
        }
        feed.finish();
        assertThat(Sha256.hex(digest)).isEqualTo(sha256(body));
    }

    @Test
    void aFeedWithNoPiecesIsTheHashOfNothing() {
        MessageDigest digest = Sha256.digest();
        threads.feed(digest, 1024).finish();
        assertThat(Sha256.hex(digest)).isEqualTo(sha256(new byte[0]));
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.digest().digest(bytes));
    }
}

package dev.externalfiles.watcher.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.externalfiles.contracts.Crc32c;

/**
 * Pieces hashed off the caller's thread, handed over the way FileService does (through the
 * feed's buffers, each given out again only once hashed), give exactly the sha256 and CRC32C of
 * the whole content; so do pieces of a one-piece feed, hashed on the caller's thread.
 */
class Sha256ThreadsTest {

    private static final byte[] BODY = random((5 << 20) + 12_345, 7);

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
        assertThat(fedThrough(false)).isEqualTo(checksums(BODY));
    }

    /** A feed for content said to fit in one piece hashes on the caller's thread; pieces beyond it still count. */
    @Test
    void aOnePieceFeedHashesOnTheCallersThreadToTheSameHash() {
        assertThat(fedThrough(true)).isEqualTo(checksums(BODY));
    }

    @Test
    void aFeedWithNoPiecesIsTheHashOfNothing() {
        assertThat(threads.feed(1024, false).finish()).isEqualTo(checksums(new byte[0]));
    }

    /** Feeds {@link #BODY} the way FileService does; answers the checksums once the feed finished. */
    private Sha256.WithCrc32c fedThrough(boolean onePiece) {
        Sha256Threads.Feed feed = threads.feed(256 * 1024, onePiece);
        for (int offset = 0; offset < BODY.length;) {
            byte[] buffer = feed.nextBuffer();
            int length = Math.min(buffer.length, BODY.length - offset);
            System.arraycopy(BODY, offset, buffer, 0, length);
            feed.hash(length);
            offset += length;
        }
        return feed.finish();
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Sha256.WithCrc32c checksums(byte[] bytes) {
        return new Sha256.WithCrc32c(HexFormat.of().formatHex(Sha256.digest().digest(bytes)),
                Crc32c.of(bytes, 0, bytes.length));
    }
}

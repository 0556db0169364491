package dev.externalfiles.watcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.externalfiles.watcher.fs.Sha256;

/**
 * Pieces hashed off the caller's thread, the way FileService feeds them (three buffers taking
 * turns, each refilled only once its hash completed), give exactly the sha256 of the whole body.
 */
class StoreHasherTest {

    private final StoreHasher hasher = new StoreHasher();

    @AfterEach
    void stop() {
        hasher.stop();
    }

    /** Repeated: an ordering or hand-over fault would show as a wrong hash now and then, not every time. */
    @RepeatedTest(20)
    void piecesFedThroughRotatingBuffersHashToTheWholeBody() throws Exception {
        byte[] body = new byte[(5 << 20) + 12_345];
        new Random(7).nextBytes(body);
        MessageDigest digest = Sha256.digest();
        StoreHasher.Feed feed = hasher.feed(digest);
        byte[][] buffers = new byte[3][256 * 1024];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] hashed = new CompletableFuture[buffers.length];
        int turn = 0;
        for (int offset = 0; offset < body.length; offset += buffers[0].length, turn = (turn + 1) % buffers.length) {
            if (hashed[turn] != null) {
                hashed[turn].join();
            }
            int length = Math.min(buffers[turn].length, body.length - offset);
            System.arraycopy(body, offset, buffers[turn], 0, length);
            hashed[turn] = feed.update(buffers[turn], length);
        }
        feed.finish();
        assertThat(Sha256.hex(digest)).isEqualTo(sha256(body));
    }

    @Test
    void aFeedWithNoPiecesIsTheHashOfNothing() {
        MessageDigest digest = Sha256.digest();
        hasher.feed(digest).finish();
        assertThat(Sha256.hex(digest)).isEqualTo(sha256(new byte[0]));
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.digest();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }
}

package dev.externalfiles.watcher.fs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Threads that compute the SHA-256 (and the CRC32C, for the transfer-service's check: a
 * fifteenth of its cost) of a large stored body's pieces while the request's thread
 * writes them to the page cache: one after the other on one thread, hashing (0.7-0.9 s per GiB)
 * and the writes (about 1.1 s per GiB) were the longest part of an import. Not used to hash a
 * changed file for its event: there the read is light (0.3 s per GiB) and handing 4,096 pieces
 * per GiB to another thread made the event later (1 GiB: published 1.5 s after the rename
 * instead of 1.2 s).
 *
 * <p>Not the request worker pool: a request waits for its hashes, and must never wait behind other
 * requests for a thread. Threads (as many as cores at most) are started when a file needs one and
 * end after a minute without work, so an idle agent has none.
 */
@ApplicationScoped
public class Sha256Threads {

    /** Buffers of one feed: one being filled while those before it are still hashed. */
    static final int BUFFERS = 3;

    private final int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    private ExecutorService threads;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        // A feed uses one thread at a time; more feeds than cores queue their pieces.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "sha256-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        threads = pool;
    }

    /**
     * A feed through buffers of {@code pieceSize} bytes; one per file. It hashes on the caller's
     * thread, through one buffer, when a second thread would only add work: for {@code onePiece}
     * (the content fits in one buffer) and on one core (a pod limited to under one CPU, as the
     * kernel pod template's 500m is, sees one).
     */
    public Feed feed(int pieceSize, boolean onePiece) {
        return new Feed(pieceSize, onePiece || cores == 1 ? 1 : BUFFERS);
    }

    /** Lets queued pieces be hashed (they take microseconds), so no store waits forever on a dropped one. */
    @PreDestroy
    void stop() {
        threads.shutdown();
    }

    /**
     * The caller fills the buffer {@link #nextBuffer} gives and hands it over with
     * {@link #hash}; the pieces are hashed in that order, one at a time. A buffer is given out
     * again only once its last piece was hashed, so the caller never changes bytes being read.
     * {@link #finish} answers the checksums of every piece.
     */
    public final class Feed {
        private final Sha256.Checksums checksums = new Sha256.Checksums();
        private final byte[][] buffers;
        private final CompletableFuture<?>[] hashed;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        private int turn = -1;

        private Feed(int pieceSize, int buffers) {
            this.buffers = new byte[buffers][pieceSize];
            this.hashed = new CompletableFuture<?>[buffers];
        }

        /** The next buffer to fill, once the thread hashing it is done with it. */
        public byte[] nextBuffer() {
            turn = (turn + 1) % buffers.length;
            if (hashed[turn] != null) {
                hashed[turn].join();
            }
            return buffers[turn];
        }

        /** Hashes the first {@code length} bytes of the buffer {@link #nextBuffer} gave last, after every piece before it. */
        public void hash(int length) {
            byte[] piece = buffers[turn];
            if (buffers.length == 1) {
                checksums.update(piece, 0, length); // this thread will refill the buffer next: hash it now
                return;
            }
            last = last.thenRunAsync(() -> checksums.update(piece, 0, length), threads);
            hashed[turn] = last;
        }

        /** Waits until every piece handed over was hashed; answers the checksums of them all, in order. */
        public Sha256.WithCrc32c finish() {
            last.join();
            return checksums.result();
        }
    }
}

package dev.externalfiles.watcher.service;

import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Threads that hash the pieces of a large stored body while the request's thread writes them to
 * the page cache: one after the other on one thread, the SHA-256 (0.5-0.9 s per GiB) and the
 * writes (about 1.1 s per GiB) were the longest part of an import. Not the request worker pool: a
 * request waits for its hashes, and must never wait behind other requests for a thread. Threads
 * (as many as cores at most) are started when a store needs one and end after a minute without
 * work, so an idle agent has none.
 */
@ApplicationScoped
public class StoreHasher {

    private final ExecutorService threads;

    public StoreHasher() {
        AtomicInteger count = new AtomicInteger();
        // As many threads as cores at most: a feed uses one at a time, and more stores than cores queue their pieces.
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "store-hash-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        threads = pool;
    }

    /** A digest fed in order, off the caller's thread; one per stored body. */
    public Feed feed(MessageDigest digest) {
        return new Feed(digest);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /**
     * Pieces handed over with {@link #update} are hashed in the order given, one at a time (at
     * most one thread works for a feed). The caller must not change a piece until the future
     * {@code update} returned for it has completed, nor read the digest before {@link #finish}.
     */
    public final class Feed {
        private final MessageDigest digest;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        private Feed(MessageDigest digest) {
            this.digest = digest;
        }

        /** Hashes the first {@code length} bytes of {@code piece} after every piece before it; completes when done. */
        public CompletableFuture<Void> update(byte[] piece, int length) {
            last = last.thenRunAsync(() -> digest.update(piece, 0, length), threads);
            return last;
        }

        /** Waits until every piece was hashed; then the digest holds them all. */
        public void finish() {
            last.join();
        }
    }
}

package dev.externalfiles.bench;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.externalfiles.testsupport.Buckets;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * A folder of small CSV objects put into the bucket for a benchmark to list, and deleted again on
 * close (whatever the benchmark did), so that the shared test bucket does not grow run after run.
 */
final class SeededFolder implements AutoCloseable {

    private static final int PUTS_IN_FLIGHT = 4;
    private static final int ATTEMPTS = 5;

    private final String bucket;
    private final List<String> keys;

    private SeededFolder(String bucket, List<String> keys) {
        this.bucket = bucket;
        this.keys = keys;
    }

    /** Puts {@code count} objects {@code daily-0001.csv}... under {@code prefix}, a few at a time. */
    static SeededFolder put(String bucket, String prefix, int count) throws InterruptedException, ExecutionException {
        SeededFolder folder = new SeededFolder(bucket, IntStream.rangeClosed(1, count)
                .mapToObj(i -> String.format(Locale.ROOT, "%sdaily-%04d.csv", prefix, i)).toList());
        System.out.printf(Locale.ROOT, "[bench] putting %d objects under %s%n", count, prefix);
        ExecutorService pool = Executors.newFixedThreadPool(PUTS_IN_FLIGHT);
        try {
            List<Future<String>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = folder.keys.get(i);
                String csv = "day,orders,revenue\n" + (i + 1) + "," + (i * 7 % 113) + "," + (i * 31 % 997) + ".50\n";
                puts.add(pool.submit(() -> folder.putPersistently(key, csv)));
            }
            for (Future<String> put : puts) {
                put.get();
            }
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            // Puts still in flight would land after the delete: let them end first.
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            folder.close();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        return folder;
    }

    /**
     * One put, tried a few times: on a busy machine S3Proxy now and then drops the connection of a
     * small PUT ("Error writing request body to server", "Unexpected end of file from server"), even
     * through the SDK's own three retries. Answers the key.
     */
    private String putPersistently(String key, String content) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                Buckets.put(bucket, key, content);
                return key;
            } catch (SdkClientException | UncheckedIOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                System.out.printf(Locale.ROOT, "[bench]   put of %s failed (%s), trying again%n", key, e.getMessage());
                Thread.sleep(1000L * attempt);
            }
        }
    }

    /** Deletes every object of the folder (S3 answers success for keys never put). */
    @Override
    public void close() {
        Buckets.client().deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys.stream()
                .map(key -> ObjectIdentifier.builder().key(key).build()).toList())));
    }
}

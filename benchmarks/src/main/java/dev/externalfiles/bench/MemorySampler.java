package dev.externalfiles.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, on a thread of its own, the resident set of one process (VmRSS in /proc) and, when
 * given the process's Prometheus endpoint, the JVM heap in use; keeps the peaks of both.
 */
final class MemorySampler implements AutoCloseable {

    private static final Duration RSS_PERIOD = Duration.ofMillis(100);
    private static final Duration HEAP_PERIOD = Duration.ofMillis(250);

    private final long pid;
    private final String metricsUrl;
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private MemorySampler(long pid, String metricsUrl) {
        this.pid = pid;
        this.metricsUrl = metricsUrl;
        this.thread = new Thread(this::sample, "memory-sampler-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    /** Samples the resident set of {@code pid} only. */
    static MemorySampler of(long pid) {
        return new MemorySampler(pid, null);
    }

    /** Samples the resident set of a Quarkus service and its heap from {@code baseUrl}/q/metrics. */
    static MemorySampler ofService(long pid, String baseUrl) {
        return new MemorySampler(pid, baseUrl + "/q/metrics");
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    /** The peak heap in use seen, or -1 when the heap was not sampled. */
    long peakHeapBytes() {
        return metricsUrl == null ? -1 : peakHeap.get();
    }

    private void sample() {
        HttpClient http = metricsUrl == null ? null : HttpClient.newHttpClient();
        long nextHeap = 0;
        while (running) {
            long rss = residentBytes(pid);
            if (rss > 0) {
                peakRss.accumulateAndGet(rss, Math::max);
            }
            if (http != null && System.nanoTime() >= nextHeap) {
                long heap = heapInUse(http, metricsUrl);
                if (heap > 0) {
                    peakHeap.accumulateAndGet(heap, Math::max);
                }
                nextHeap = System.nanoTime() + HEAP_PERIOD.toNanos();
            }
            try {
                Thread.sleep(RSS_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** VmRSS of a process in bytes, or -1 once it is gone. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return -1;
    }

    /** The sum of jvm_memory_used_bytes over the heap pools, or -1 if the endpoint did not answer. */
    static long heapInUse(HttpClient http, String metricsUrl) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

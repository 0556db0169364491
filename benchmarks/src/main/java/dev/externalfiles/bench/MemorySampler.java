package dev.externalfiles.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, on a thread of its own, the resident set of one process (VmRSS in /proc) and, for a
 * JVM, the heap in use (young and old generations, from {@code jstat -gc}, which reads the JVM's
 * performance counters from shared memory: no request to the measured process, unlike scraping
 * its metrics endpoint, which showed up in its CPU profile); keeps the peaks of both.
 */
final class MemorySampler implements AutoCloseable {

    private static final Duration RSS_PERIOD = Duration.ofMillis(100);
    private static final Duration HEAP_PERIOD = Duration.ofMillis(250);

    private final long pid;
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong(-1);
    private final Thread thread;
    private final Process jstat;
    private final Thread heapReader;
    private volatile boolean running = true;

    private MemorySampler(long pid, boolean jvm) {
        this.pid = pid;
        this.thread = new Thread(this::sample, "memory-sampler-" + pid);
        thread.setDaemon(true);
        thread.start();
        this.jstat = jvm ? startJstat(pid) : null;
        this.heapReader = jstat == null ? null : new Thread(this::readHeap, "heap-sampler-" + pid);
        if (heapReader != null) {
            heapReader.setDaemon(true);
            heapReader.start();
        }
    }

    /** Samples the resident set of {@code pid} only. */
    static MemorySampler of(long pid) {
        return new MemorySampler(pid, false);
    }

    /** Samples the resident set and the heap in use of a JVM. */
    static MemorySampler ofJvm(long pid) {
        return new MemorySampler(pid, true);
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    /** The peak heap in use seen, or -1 when the heap was not sampled. */
    long peakHeapBytes() {
        return peakHeap.get();
    }

    private void sample() {
        while (running) {
            long rss = residentBytes(pid);
            if (rss > 0) {
                peakRss.accumulateAndGet(rss, Math::max);
            }
            try {
                Thread.sleep(RSS_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Process startJstat(long pid) {
        try {
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid), HEAP_PERIOD.toMillis() + "ms").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run jstat to sample the heap of " + pid, e);
        }
    }

    /** Reads jstat's lines: a header naming the columns (KiB), then one line per period. */
    private void readHeap() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> fields = List.of(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null && fields.size() == header.size()) {
                    double kib = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        kib += Double.parseDouble(fields.get(header.indexOf(column)));
                    }
                    long bytes = (long) (kib * 1024);
                    peakHeap.accumulateAndGet(bytes, Math::max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or jstat printed something else: the peak so far stands
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

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (jstat != null) {
            jstat.destroy();
        }
        try {
            thread.join(1000);
            if (heapReader != null) {
                heapReader.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

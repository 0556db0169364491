package dev.externalfiles.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Samples one JVM's memory without touching it, for as long as it is open: its resident set and
 * its parts from /proc/PID/status every 200 ms, and its heap in use from its performance counters
 * every 500 ms (one jstat, which reads the hsperfdata file and does not attach to the JVM).
 * Answers medians and peaks of the samples taken in a window of time.
 */
final class AgentMemory implements AutoCloseable {

    private static final long STATUS_PERIOD_MS = 200;
    private static final String HEAP_PERIOD_MS = "500";

    private final long pid;
    private final List<Status> status = new CopyOnWriteArrayList<>();
    private final List<Heap> heap = new CopyOnWriteArrayList<>();
    private final Thread statusThread;
    private final Thread heapThread;
    private final Process jstat;
    private volatile boolean running = true;

    /** VmRSS, RssAnon, RssFile in bytes, and the number of threads, at a time (System.nanoTime()). */
    record Status(long at, long rss, long anon, long file, int threads) {
    }

    /** Heap in use in bytes at a time (System.nanoTime()). */
    record Heap(long at, long used) {
    }

    private AgentMemory(long pid) throws IOException {
        this.pid = pid;
        // jstat prints figures in the default locale; English keeps the decimal point a point.
        this.jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-J-Duser.language=en", "-J-Duser.country=US", "-gc",
                Long.toString(pid), HEAP_PERIOD_MS).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        this.statusThread = new Thread(this::sampleStatus, "status-sampler-" + pid);
        this.heapThread = new Thread(this::readHeap, "heap-sampler-" + pid);
        statusThread.setDaemon(true);
        heapThread.setDaemon(true);
        statusThread.start();
        heapThread.start();
    }

    static AgentMemory of(long pid) throws IOException {
        return new AgentMemory(pid);
    }

    /** Medians and peaks of the samples taken between two System.nanoTime() values; threads as last seen. */
    AgentFootprint.Figures figures(long from, long to) {
        List<Status> s = status.stream().filter(x -> x.at() >= from && x.at() <= to).toList();
        long[] rss = s.stream().mapToLong(Status::rss).toArray();
        long[] used = heap.stream().filter(x -> x.at() >= from && x.at() <= to).mapToLong(Heap::used).toArray();
        return new AgentFootprint.Figures(median(rss), max(rss), median(s.stream().mapToLong(Status::anon).toArray()),
                median(s.stream().mapToLong(Status::file).toArray()), median(used), max(used),
                s.isEmpty() ? -1 : s.get(s.size() - 1).threads(), Map.of());
    }

    private void sampleStatus() {
        while (running) {
            Status sample = readStatus(pid);
            if (sample != null) {
                status.add(sample);
            }
            try {
                Thread.sleep(STATUS_PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The process's memory from /proc/PID/status now, or null once it is gone. */
    static Status readStatus(long pid) {
        long at = System.nanoTime();
        long[] kib = { -1, -1, -1, -1 };
        List<String> fields = List.of("VmRSS:", "RssAnon:", "RssFile:", "Threads:");
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                for (int i = 0; i < fields.size(); i++) {
                    if (line.startsWith(fields.get(i))) {
                        kib[i] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // the process ended between two samples
        }
        return new Status(at, kib[0] * 1024, kib[1] * 1024, kib[2] * 1024, (int) kib[3]);
    }

    /** Reads jstat -gc's lines as they come: heap in use is S0U + S1U + EU + OU (KiB). */
    private void readHeap() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = lines.readLine()) != null;) {
                List<String> columns = Arrays.asList(line.trim().split("\\s+"));
                if (header == null) {
                    header = columns;
                    continue;
                }
                if (columns.size() != header.size()) {
                    continue;
                }
                double kib = 0;
                for (String used : List.of("S0U", "S1U", "EU", "OU")) {
                    kib += Double.parseDouble(columns.get(header.indexOf(used)));
                }
                heap.add(new Heap(System.nanoTime(), (long) (kib * 1024)));
            }
        } catch (IOException | RuntimeException e) {
            // jstat ended: the process is gone or the sampler was closed
        }
    }

    /** A command's standard output (and error), once it ended. */
    static String output(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return text;
    }

    static long median(long[] values) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(-1);
    }

    @Override
    public void close() {
        running = false;
        statusThread.interrupt();
        jstat.destroy();
        try {
            statusThread.join(1000);
            heapThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

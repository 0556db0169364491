package dev.externalfiles.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long one small file takes from its writer's close to its object in the bucket, file after
 * file (each written only once the previous one is in the bucket), and where that time goes:
 * <ul>
 * <li>detection: close -> the agent's FileChanged on Kafka (close-write event, hashing, publishing;
 * the record's timestamp is taken by the agent's producer);</li>
 * <li>queued: the FileChanged's timestamp -> a transfer-service began it (Kafka delivery);</li>
 * <li>authorize, agent, s3: as the transfer-service measured them (TransferStatus timings);</li>
 * <li>total: close -> the export's final TransferStatus timestamp, which the transfer-service
 * takes right after S3 answered the upload.</li>
 * </ul>
 * Sizes cycle through 4 KiB, 64 KiB, 256 KiB and 1 MiB. All clocks are this machine's.
 */
final class ExportLatency implements Benchmark {

    private static final long[] SIZES = {4 << 10, 64 << 10, 256 << 10, 1 << 20};

    private final Path work = Path.of("target", "bench", "latency").toAbsolutePath();

    @Override
    public String usage() {
        return "[--files 300] [--heap 256m] [--transfer k=v,...] [--profile jfr]";
    }

    @Override
    public void run(Options options) throws Exception {
        int files = options.integer("--files", 300);
        String heap = options.get("--heap", "256m");
        List<Sample> samples = new ArrayList<>();
        JfrRecordings recordings = JfrRecordings.of(options, work.resolve("profiles"));
        try (BenchSystem system = BenchSystem.start("bench-latency", work, heap, options.settings("--transfer"));
                TransferWatch watch = new TransferWatch(system.kernelId)) {
            Random random = new Random(7);
            measure(system, watch, random, "warm-up", 20);
            system.record(recordings);
            samples.addAll(measure(system, watch, random, "latency", files));
            recordings.dump();
        }
        String table = table(samples);
        System.out.println();
        System.out.println(table);
        if (options.writesReport()) {
            BenchmarkReport.write("export-latency", "Export latency of small files, one at a time", options.command(),
                    List.of(String.format(Locale.ROOT, "%d files of 4 KiB, 64 KiB, 256 KiB and 1 MiB in turn, each written"
                            + " (open, write, close) into the integration folder once the previous one was in the bucket;"
                            + " 20 more before them, not counted, warmed the services up.", files),
                            "detection: close -> the agent's FileChanged on Kafka; queued: -> a transfer-service began it;"
                                    + " authorize, agent (reading the file from the agent), s3 (lookup and upload): measured"
                                    + " by the transfer-service; total: close -> the export's final status, sent right"
                                    + " after S3 answered. Phases are percentiles of their own, so they do not add up to"
                                    + " the total's.",
                            "The watcher-agent ran with its production JVM flags and settings (close-write detection);"
                                    + " the transfer-service with -Xmx" + heap + " and its production settings."),
                    table);
        }
    }

    private static List<Sample> measure(BenchSystem system, TransferWatch watch, Random random, String folder, int count)
            throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long size = SIZES[i % SIZES.length];
            byte[] bytes = new byte[(int) size];
            random.nextBytes(bytes);
            String path = String.format(Locale.ROOT, "%s/file-%04d.bin", folder, i);
            Path file = system.folder.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            Instant closed = Instant.now();
            TransferWatch.Export export = watch.awaitExported(List.of(path), Duration.ofSeconds(60)).get(0);
            Long published = watch.publishedAt(path);
            samples.add(new Sample(size, millisBetween(closed, export.reportedMillis()),
                    published == null ? Double.NaN : millisBetween(closed, published), export.timings()));
        }
        return samples;
    }

    private static double millisBetween(Instant from, long toEpochMillis) {
        return toEpochMillis - (from.getEpochSecond() * 1000 + from.getNano() / 1e6);
    }

    private static String table(List<Sample> samples) {
        Map<String, ToDoubleFunction<Sample>> phases = new LinkedHashMap<>();
        phases.put("total (close -> in the bucket)", Sample::totalMillis);
        phases.put("detection (close -> FileChanged)", Sample::detectionMillis);
        phases.put("queued (Kafka)", s -> s.timing("queuedMillis"));
        phases.put("authorize", s -> s.timing("authorizeMillis"));
        phases.put("agent (read the file)", s -> s.timing("agentMillis"));
        phases.put("s3 (lookup, upload)", s -> s.timing("s3Millis"));
        StringBuilder out = new StringBuilder();
        out.append("| Phase | Files | p50 | p95 | p99 | max |\n|---|---|---:|---:|---:|---:|\n");
        List<List<Sample>> groups = new ArrayList<>();
        groups.add(samples);
        for (long size : SIZES) {
            groups.add(samples.stream().filter(s -> s.size() == size).toList());
        }
        phases.forEach((phase, value) -> {
            for (List<Sample> group : groups) {
                boolean all = group == samples;
                if (!all && !phase.startsWith("total")) {
                    continue;
                }
                double[] values = group.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
                String which = all ? "all " + values.length : values.length + " of " + kib(group.get(0).size());
                out.append(String.format(Locale.ROOT, "| %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", phase, which,
                        percentile(values, 50), percentile(values, 95), percentile(values, 99),
                        values.length == 0 ? Double.NaN : values[values.length - 1]));
            }
        });
        return out.toString();
    }

    private static String kib(long size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private record Sample(long size, double totalMillis, double detectionMillis, JsonNode timings) {
        double timing(String name) {
            JsonNode value = timings.path(name);
            return value.isNumber() ? value.asDouble() : Double.NaN;
        }
    }
}

package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.externalfiles.bench.CpuPerFile.Measured;
import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.Poll;
import dev.externalfiles.testsupport.Stack;
import dev.externalfiles.testsupport.Users;

/**
 * Many small files each way through the running system, beside rclone and the AWS CLI copying
 * the same folder. Export: the files are written one after another into a folder of the kernel's
 * integration folder (open, write, close, as a notebook does), timed from the first write until
 * the last export's final status (the transfer-service sends it right after S3 answered); every
 * export must have succeeded and the bucket must then list every key. Import: the folder's
 * objects are imported by prefix (one request per 1,000 objects, the production limit), timed
 * from the first request until every file is in the kernel folder at its full size, then every
 * file is compared byte for byte.
 */
final class SmallFileTransfers implements Benchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    /** Objects per import request (integration-service's production external-files.import.max-objects). */
    private static final int PER_FOLDER = 1000;

    private final Path work = Path.of("target", "bench", "small").toAbsolutePath();

    @Override
    public String usage() {
        return "[--sets 2000x64K,2000x4K] [--runs 3] [--warm-up 500] [--heap 256m] [--transfer k=v,...] [--profile jfr]";
    }

    @Override
    public void run(Options options) throws Exception {
        List<FileSet> sets = Arrays.stream(options.get("--sets", "2000x64K,2000x4K").split(",")).map(FileSet::parse).toList();
        int runs = options.integer("--runs", 3);
        int warmUpFiles = options.integer("--warm-up", 500);
        String heap = options.get("--heap", "256m");
        BaselineTools.requireInstalled();
        JfrRecordings recordings = JfrRecordings.of(options, work.resolve("profiles"));
        BaselineTools tools = new BaselineTools(Files.createDirectories(work.resolve("logs")));
        StringBuilder tables = new StringBuilder();
        try (BenchSystem system = BenchSystem.start("bench-small", work, heap, options.settings("--transfer"));
                TransferWatch watch = new TransferWatch(system.kernelId)) {
            warmUp(system, watch, warmUpFiles);
            system.record(recordings);
            List<Measured> measured = List.of(
                    Measured.service("transfer-service", system.transferService.pid()),
                    Measured.service("integration-service", system.integrationService.pid()),
                    Measured.service("watcher-agent", system.agent.pid()),
                    Measured.withChildren("S3Proxy", stackServer("EF_S3_PORT")),
                    Measured.withChildren("Kafka", stackServer("EF_KAFKA_PORT")),
                    Measured.withChildren("PostgreSQL", stackServer("EF_PG_PORT")),
                    Measured.withChildren("benchmark (and the baseline tool)", ProcessHandle.current().pid()));
            for (FileSet set : sets) {
                Results results = new Results(set.count * set.size, set.count);
                CpuPerFile cpu = new CpuPerFile(measured);
                Path source = set.writeSource(work.resolve("data"));
                for (int run = 1; run <= runs; run++) {
                    System.out.printf(Locale.ROOT, "[bench] %s, run %d of %d%n", set, run, runs);
                    String folderName = set.name() + "-run" + run;
                    CpuPerFile.Reading start = cpu.read();
                    results.add("export " + set, Results.OURS, report("export", export(system, watch, source, folderName)));
                    CpuPerFile.Reading exported = cpu.read();
                    System.out.println("[bench]     " + cpu.add("export " + set, start, exported, set.count));
                    results.add("import " + set, Results.OURS, report("import", importBack(system, source, folderName)));
                    System.out.println("[bench]     " + cpu.add("import " + set, exported, cpu.read(), set.count));
                    deleteTree(system.folder.resolve(folderName));
                    String baselinePrefix = system.platform.rootPrefix + "baselines/" + folderName + "/";
                    for (BaselineTools.Tool tool : BaselineTools.Tool.values()) {
                        Path download = work.resolve("downloads").resolve(folderName);
                        CpuPerFile.Reading beforeUpload = cpu.read();
                        results.add("export " + set, tool.label, report(tool.label + " upload",
                                tools.uploadTree(tool, source, system.platform.bucket, baselinePrefix)));
                        CpuPerFile.Reading uploaded = cpu.read();
                        System.out.println("[bench]     " + cpu.add("export " + set + ", " + tool.label, beforeUpload,
                                uploaded, set.count));
                        results.add("import " + set, tool.label, report(tool.label + " download",
                                tools.downloadTree(tool, system.platform.bucket, baselinePrefix, download)));
                        System.out.println("[bench]     " + cpu.add("import " + set + ", " + tool.label, uploaded,
                                cpu.read(), set.count));
                        requireSameTree(source, download);
                        deleteTree(download);
                        deletePrefix(system.platform.bucket, baselinePrefix);
                    }
                    deletePrefix(system.platform.bucket, system.platform.keyOf(folderName + "/"));
                }
                deleteTree(source);
                tables.append(results.markdownTable()).append('\n');
                tables.append("CPU per file moved, by process, with External Files and with each baseline (medians of"
                        + " the runs):\n\n").append(cpu.markdownTable())
                        .append('\n');
            }
            recordings.dump();
        }
        System.out.println();
        System.out.println(tables);
        if (options.writesReport()) {
            BenchmarkReport.write("small-files", "Many small files each way", options.command(), List.of(
                    "External Files: export = files written one by one (open, write, close) into a folder of the kernel's"
                            + " integration folder -> every object in the bucket (timed from the first write to the last"
                            + " export's final status; each one succeeded, then the bucket was listed); import = POST /imports"
                            + " of the folder by prefix (1,000 objects per request, the production limit) -> every file in the"
                            + " kernel folder at its full size.",
                    "The transfer-service ran with -Xmx" + heap + " and its production settings (3 consumers per topic, 6"
                            + " partitions); the watcher-agent with its production JVM flags. Peak RSS/heap: the"
                            + " transfer-service's.",
                    "rclone copy and aws s3 cp --recursive of the same folder, with their default settings (rclone: 4"
                            + " transfers at once; aws: 10 requests at once).",
                    "Every file was compared byte for byte after it was timed.",
                    "CPU per file: user plus system time from /proc over each case (External Files': the export's"
                            + " bucket listing and the import's byte comparison included; a baseline's: its tool's run),"
                            + " divided by the files moved; JIT: the part of a service's CPU its C1 and C2 compiler threads"
                            + " took; S3Proxy, Kafka, PostgreSQL: the stack's server listening on its port, with every"
                            + " process below it (PostgreSQL's connections); benchmark: this benchmark's JVM (writing the"
                            + " files, following Kafka, comparing) and the baseline tool it ran as a child; machine: every"
                            + " process and the kernel's own threads (busy time of /proc/stat, I/O wait not counted). Two"
                            + " cores give 2,000 ms of CPU per second, so 500 files per second leaves 4 ms per file.",
                    String.format(Locale.ROOT, "Before the runs, %,d files of 16 KiB went each way unmeasured"
                            + " (--warm-up): on 2 cores the services' JIT compilers take a third to a half of their CPU"
                            + " through the first 10,000 files, and under a fifth after 20,000.", warmUpFiles)),
                    tables.toString().trim());
        }
    }

    /** The pid of the stack's server listening on the port of that dev/stack.env entry; -1 (n/a) if not found. */
    private static long stackServer(String portKey) {
        return ListeningProcess.on(Integer.parseInt(Stack.get(portKey))).orElse(-1);
    }

    /**
     * Files each way, not measured: first connections, tokens and cold code. Hundreds, not a few:
     * on 2 cores the JIT compilers of the three services took more CPU than the transfers
     * themselves for the first thousand files (JFR, jdk.ThreadCPULoad), and a service in
     * production has long been compiled. The first measured run still shows what is left of it.
     */
    private void warmUp(BenchSystem system, TransferWatch watch, int files) throws IOException {
        FileSet warm = new FileSet(files, 16 << 10);
        Path source = warm.writeSource(work.resolve("data"));
        report("warm-up export", export(system, watch, source, "warm-up"));
        report("warm-up import", importBack(system, source, "warm-up"));
        deleteTree(system.folder.resolve("warm-up"));
        deletePrefix(system.platform.bucket, system.platform.keyOf("warm-up/"));
        deleteTree(source);
    }

    private Measurement export(BenchSystem system, TransferWatch watch, Path source, String folderName) throws IOException {
        List<Path> files = relativeFiles(source);
        Path target = system.folder.resolve(folderName);
        List<String> paths = new ArrayList<>();
        try (MemorySampler memory = MemorySampler.ofJvm(system.transferService.pid())) {
            long start = System.nanoTime();
            for (Path file : files) {
                Path written = target.resolve(file.toString());
                Files.createDirectories(written.getParent());
                Files.write(written, Files.readAllBytes(source.resolve(file)));
                paths.add(folderName + "/" + file.toString().replace('\\', '/'));
            }
            watch.awaitExported(paths, TIMEOUT);
            long nanos = System.nanoTime() - start;
            int listed = Buckets.client().listObjectsV2Paginator(r -> r.bucket(system.platform.bucket)
                    .prefix(system.platform.keyOf(folderName + "/"))).contents().stream().mapToInt(o -> 1).sum();
            if (listed != files.size()) {
                throw new IllegalStateException("the bucket lists " + listed + " of " + files.size() + " exported files");
            }
            return new Measurement(nanos, memory.peakRssBytes(), memory.peakHeapBytes());
        }
    }

    private Measurement importBack(BenchSystem system, Path source, String folderName) throws IOException {
        Platform platform = system.platform;
        Path target = system.folder.resolve(folderName);
        deleteTree(target);
        List<Path> files = relativeFiles(source);
        long expectedBytes = files.stream().mapToLong(f -> size(source.resolve(f))).sum();
        List<String> prefixes = folders(source).stream().map(f -> platform.keyOf(folderName + "/" + f + "/")).toList();
        try (MemorySampler memory = MemorySampler.ofJvm(system.transferService.pid())) {
            long start = System.nanoTime();
            for (String prefix : prefixes) {
                platform.as(Users.EDITOR).body(Map.of("integrationId", platform.integrationId, "prefixes", List.of(prefix)))
                        .post("/v1/projects/{p}/imports", platform.projectId).then().statusCode(202);
            }
            // Every 100 ms, not faster: a walk of 2,000 files costs the benchmark's JVM milliseconds of CPU, and at 20 ms
            // it took a good part of a core from the services it measures (2 cores in all).
            Poll.until("the import of " + folderName, TIMEOUT, Duration.ofMillis(100),
                    () -> bytesUnder(target, files.size()) == expectedBytes);
            long nanos = System.nanoTime() - start;
            requireSameTree(source, target);
            return new Measurement(nanos, memory.peakRssBytes(), memory.peakHeapBytes());
        }
    }

    /** The bytes of the regular files under {@code dir}, or -1 while fewer than {@code count} are there. */
    private static long bytesUnder(Path dir, int count) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList();
            return files.size() < count ? -1 : files.stream().mapToLong(SmallFileTransfers::size).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<Path> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void requireSameTree(Path expected, Path actual) throws IOException {
        List<Path> files = relativeFiles(expected);
        List<Path> got = relativeFiles(actual);
        if (!files.equals(got)) {
            throw new IllegalStateException(actual + " holds " + got.size() + " files, expected " + files.size());
        }
        for (Path file : files) {
            if (Files.mismatch(expected.resolve(file), actual.resolve(file)) != -1) {
                throw new IllegalStateException(actual.resolve(file) + " does not hold the source's bytes");
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deletePrefix(String bucket, String prefix) {
        Buckets.client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> Buckets.client().deleteObject(r -> r.bucket(bucket).key(o.key())));
    }

    private static Measurement report(String what, Measurement m) {
        System.out.printf(Locale.ROOT, "[bench]   %-22s %7.2f s  peak RSS %4d MiB%n", what, m.seconds(), m.peakRssBytes() >> 20);
        return m;
    }

    /** {@code count} files of {@code size} random bytes, in folders of at most 1,000 ({@code a}, {@code b}, ...). */
    record FileSet(int count, long size) {

        static FileSet parse(String spec) {
            int x = spec.indexOf('x');
            if (x < 1) {
                throw new IllegalArgumentException("a set is <count>x<size>, e.g. 2000x64K: " + spec);
            }
            return new FileSet(Integer.parseInt(spec.substring(0, x).trim()), Options.bytes(spec.substring(x + 1)));
        }

        String name() {
            return count + "x" + (size >= 1 << 20 ? (size >> 20) + "M" : (size >> 10) + "K");
        }

        Path writeSource(Path data) throws IOException {
            Path dir = data.resolve(name());
            deleteTree(dir);
            Random random = new Random(count * 31L + size);
            byte[] bytes = new byte[(int) size];
            for (int i = 0; i < count; i++) {
                Path folder = Files.createDirectories(dir.resolve(String.valueOf((char) ('a' + i / PER_FOLDER))));
                random.nextBytes(bytes);
                Files.write(folder.resolve(String.format(Locale.ROOT, "file-%05d.bin", i)), bytes);
            }
            return dir;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d files of %s", count, size >= 1 << 20 ? (size >> 20) + " MiB"
                    : (size >> 10) + " KiB");
        }
    }
}

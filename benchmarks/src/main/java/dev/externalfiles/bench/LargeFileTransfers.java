package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.Poll;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Users;

/**
 * One large file each way through the running system, beside rclone and the AWS CLI against the
 * same S3 server, run after run in turn so that every tool sees the same machine.
 *
 * <p>Export: from the moment the finished file appears in the integration folder (renamed into
 * place, as a notebook's atomic save does) until the benchmark sees the export's SUCCEEDED on
 * Kafka, which the transfer-service sends once S3 has answered the upload's last request; the
 * object's sha256 and bytes are checked afterwards, untimed, so that asking S3 over and over does
 * not take CPU from what is measured.
 * Import: from the import request to integration-service until the file is in the kernel folder
 * (the agent renames it into place only once all bytes arrived and hashed right). Both include
 * everything the system does: change detection and hashing, Kafka, authorization, streaming. The
 * transfer-service runs at its production settings with {@code -Xmx256m}; its resident set and
 * heap in use are sampled throughout.
 */
final class LargeFileTransfers implements Benchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final Path work = Path.of("target", "bench", "large").toAbsolutePath();
    private long size;
    private int runs;
    private String heap;
    private Map<String, String> transferSettings;
    private JfrRecordings recordings;

    @Override
    public String usage() {
        return "[--size 2G] [--runs 3] [--heap 256m] [--transfer k=v,...] [--profile jfr]";
    }

    @Override
    public void run(Options options) throws IOException {
        size = options.bytes("--size", "2G");
        runs = options.integer("--runs", 3);
        heap = options.get("--heap", "256m");
        transferSettings = options.settings("--transfer");
        recordings = JfrRecordings.of(options, work.resolve("profiles"));
        BaselineTools.requireInstalled();
        String table = measure().markdownTable();
        System.out.println();
        System.out.println(table);
        if (!options.writesReport()) {
            return;
        }
        String overridden = options.get("--transfer", "");
        BenchmarkReport.write("large-transfers", String.format(Locale.ROOT, "One large file each way (%d MiB)", size >> 20),
                options.command(), List.of(
                        "External Files: export = file renamed into the integration folder -> its export's SUCCEEDED"
                                + " seen on Kafka (sent once S3 answered the last upload request; the object and its"
                                + " sha256 are checked after the clock stops); import = POST /imports -> file in the kernel folder. Both through"
                                + " the packaged services (watcher-agent, Kafka, integration-service, transfer-service).",
                        "The transfer-service ran with -Xmx" + heap + " and its production transfer settings"
                                + (overridden.isBlank() ? "" : " except " + overridden) + ";"
                                + " Peak RSS and Peak heap are its own, sampled every 100/250 ms (/proc, jstat) during the transfer.",
                        "The watcher-agent ran with its production JVM flags (watcher-agent/src/main/jvm/jvm.options).",
                        "rclone and aws ran with their default settings; their Peak RSS is the tool's process.",
                        "Before the runs one 64 MiB file went each way unmeasured (8 parts: the multipart path is"
                                + " compiled before the clock starts); every case, of every tool, started after sync"
                                + " and after " + ((caseWrites(size) >> 20) / 1024.0) + " GiB written to a scratch file and deleted unsynced,"
                                + " so that it wrote into memory the guest had touched before (TestFiles.recycleMemory:"
                                + " on this Firecracker guest a write into fresh pages costs several times more).",
                        "Every copy was checked byte for byte (sha256) after it was timed."),
                table);
    }

    private Results measure() throws IOException {
        Results results = new Results(size);
        BaselineTools tools = new BaselineTools(Files.createDirectories(work.resolve("logs")));
        try (BenchSystem system = BenchSystem.start("bench", work, heap, transferSettings)) {
            Platform platform = system.platform;
            Path source = work.resolve("data/large.bin");
            System.out.printf(Locale.ROOT, "[bench] writing %d MiB of random bytes to %s%n", size >> 20, source);
            String sha256 = TestFiles.random(source, size, 42);
            warmUp(system);
            system.record(recordings);
            for (int run = 1; run <= runs; run++) {
                System.out.printf(Locale.ROOT, "[bench] run %d of %d%n", run, runs);
                String name = "large-" + run + ".bin";
                String key = platform.keyOf(name);
                String baselineKey = platform.rootPrefix + "baselines/" + name;
                Path download = work.resolve("downloads").resolve(name);

                Measurement export = exportThrough(system, source, name, sha256);
                results.add("export " + (size >> 20) + " MiB", Results.OURS, report("export", export));
                Measurement imported = importThrough(system, name, size, sha256);
                results.add("import " + (size >> 20) + " MiB", Results.OURS, report("import", imported));
                delete(platform.bucket, key);

                for (BaselineTools.Tool tool : BaselineTools.Tool.values()) {
                    TestFiles.startCase(work, caseWrites(size));
                    results.add("export " + (size >> 20) + " MiB", tool.label, report(tool.label + " upload",
                            tools.upload(tool, source, platform.bucket, baselineKey)));
                    TestFiles.startCase(work, caseWrites(size));
                    results.add("import " + (size >> 20) + " MiB", tool.label, report(tool.label + " download",
                            tools.download(tool, platform.bucket, baselineKey, download)));
                    TestFiles.requireSameThenDelete(download, sha256);
                    delete(platform.bucket, baselineKey);
                }
            }
            recordings.dump();
            Files.deleteIfExists(source);
        }
        return results;
    }

    /**
     * One 64 MiB file each way, not measured: the first transfer of a fresh process pays for its
     * token, its S3 client and cold code, which a long-running service pays once, not per file.
     * 64 MiB goes up in 8 parts, so the multipart path is compiled before the clock starts (with
     * 16 MiB, one PUT, the first measured export spent a quarter of the transfer-service's CPU
     * in the JIT compiler).
     */
    private void warmUp(BenchSystem system) throws IOException {
        Path source = work.resolve("data/warm-up.bin");
        long size = 64L << 20;
        String sha256 = TestFiles.random(source, size, 7);
        report("warm-up export", exportThrough(system, source, "warm-up.bin", sha256));
        report("warm-up import", importThrough(system, "warm-up.bin", size, sha256));
        delete(system.platform.bucket, system.platform.keyOf("warm-up.bin"));
        Files.delete(source);
    }

    private Measurement exportThrough(BenchSystem system, Path source, String name, String sha256) throws IOException {
        Platform platform = system.platform;
        ServiceProcess transferService = system.transferService;
        Path folder = system.folder;
        // Staged beside the kernel folder on the same file system, so the rename into place is atomic.
        Path staged = Files.createDirectories(system.kernelDir.resolve("staging")).resolve(name);
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        TestFiles.startCase(work, caseWrites(Files.size(staged)));
        String key = platform.keyOf(name);
        try (MemorySampler memory = MemorySampler.ofJvm(transferService.pid());
                TransferWatch watch = new TransferWatch(system.kernelId)) {
            long[] cpuBefore = cpuTicks(system);
            Instant start = Instant.now();
            Files.move(staged, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Instant exported = watch.awaitExported(List.of(name), TIMEOUT).get(0).seenAt();
            long nanos = Duration.between(start, exported).toNanos();
            printCpu("export", system, cpuBefore);
            Long publishedAt = watch.publishedAt(name);
            if (publishedAt != null) {
                // The agent's part: seeing the rename, hashing the file, the broker's acknowledgement.
                System.out.printf(Locale.ROOT, "[bench]   %-22s FileChanged published %.2f s after the rename%n", "export",
                        (publishedAt - start.toEpochMilli()) / 1e3);
            }
            TestFiles.requireSha256(recordedSha256(platform.bucket, key), sha256, "the sha256 recorded on " + key);
            TestFiles.requireSha256(Buckets.sha256(platform.bucket, key), sha256, "object " + key);
            return new Measurement(nanos, memory.peakRssBytes(), memory.peakHeapBytes());
        }
    }

    private Measurement importThrough(BenchSystem system, String name, long expectedSize, String sha256) throws IOException {
        Platform platform = system.platform;
        ServiceProcess transferService = system.transferService;
        Path file = system.folder.resolve(name);
        Files.delete(file);
        TestFiles.startCase(work, caseWrites(expectedSize));
        try (MemorySampler memory = MemorySampler.ofJvm(transferService.pid())) {
            long[] cpuBefore = cpuTicks(system);
            long start = System.nanoTime();
            platform.as(Users.EDITOR).body(Map.of("integrationId", platform.integrationId, "keys",
                    List.of(platform.keyOf(name)))).post("/v1/projects/{p}/imports", platform.projectId).then()
                    .statusCode(202);
            awaitUntil("the import of " + name, () -> sizeOf(file) == expectedSize);
            long nanos = System.nanoTime() - start;
            printCpu("import", system, cpuBefore);
            TestFiles.requireSameThenDelete(file, sha256);
            return new Measurement(nanos, memory.peakRssBytes(), memory.peakHeapBytes());
        }
    }

    private static Measurement report(String what, Measurement m) {
        System.out.printf(Locale.ROOT, "[bench]   %-22s %7.1f s  peak RSS %4d MiB%s%n", what, m.seconds(),
                m.peakRssBytes() >> 20, m.peakHeapBytes() < 0 ? "" : "  peak heap " + (m.peakHeapBytes() >> 20) + " MiB");
        return m;
    }

    /** CPU time so far of the transfer-service and the watcher-agent, in /proc ticks. */
    private static long[] cpuTicks(BenchSystem system) {
        return new long[] { CpuMeter.processTicks(system.transferService.pid()), CpuMeter.processTicks(system.agent.pid()) };
    }

    /**
     * The CPU seconds the two services spent on one transfer: on a machine whose speed moves from
     * run to run, a change in what a transfer costs shows here when wall times hide it.
     */
    private static void printCpu(String what, BenchSystem system, long[] before) {
        long[] after = cpuTicks(system);
        System.out.printf(Locale.ROOT, "[bench]   %-22s CPU transfer-service %.1f s, watcher-agent %.1f s%n", what,
                CpuMeter.seconds(before[0], after[0]), CpuMeter.seconds(before[1], after[1]));
    }

    private static String recordedSha256(String bucket, String key) {
        return Buckets.exists(bucket, key) ? Buckets.metadata(bucket, key).get("sha256") : null;
    }

    /**
     * What a case moving {@code bytes} may write to the page cache: S3Proxy writes an upload's
     * parts and then the object it assembles from them, a download writes the file once; half as
     * much again for what the services and tools write beside it.
     */
    private static long caseWrites(long bytes) {
        return 2 * bytes + bytes / 2;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void delete(String bucket, String key) {
        Buckets.client().deleteObject(r -> r.bucket(bucket).key(key));
    }

    private static void awaitUntil(String what, BooleanSupplier done) {
        Poll.until(what, TIMEOUT, Duration.ofMillis(50), done);
    }
}

package dev.externalfiles.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Services;
import dev.externalfiles.testsupport.Users;

/**
 * The watcher-agent's memory as deployed (its production JVM flags, its production heartbeat):
 * idle once it settled after registering, while it publishes and then watches 10,000 small files,
 * and idle again afterwards. Each run starts a fresh agent for a kernel of its own.
 *
 * <p>The resident set is read from /proc (VmRSS, and its parts RssAnon, the process's own pages,
 * and RssFile, pages of mapped files such as the JDK's libraries and CDS archive, which other
 * processes may share); the heap in use from the JVM's performance counters with jstat, which
 * reads them without attaching to the agent. "Handled all files" is a real signal: a FileChanged
 * record of this kernel for every file is readable from the broker.
 */
final class AgentFootprint implements Benchmark {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofMinutes(10);
    private static final int FILES_PER_FOLDER = 100;

    private final Path work = Path.of("target", "bench", "footprint").toAbsolutePath();
    private int files;
    private int runs;
    private Duration idle;
    private Duration sample;
    private boolean nmt;
    private List<String> extraJvm;
    /** Per run, from launching the agent until it was ready (registered, folders watched). */
    private final List<Double> readySeconds = new ArrayList<>();

    @Override
    public String usage() {
        return "[--files 10000] [--runs 3] [--idle 30s] [--sample 10s] [--nmt summary] [--jvm -XX:flag,...]";
    }

    @Override
    public void run(Options options) throws IOException {
        files = options.integer("--files", 10_000);
        runs = options.integer("--runs", 3);
        idle = seconds(options.get("--idle", "30s"));
        sample = seconds(options.get("--sample", "10s"));
        nmt = options.get("--nmt", "off").equals("summary");
        String jvm = options.get("--jvm", "");
        extraJvm = jvm.isBlank() ? List.of() : List.of(jvm.split(","));

        Footprints footprints = measure();
        String table = footprints.markdownTable();
        System.out.println();
        System.out.println(table);
        if (nmt) {
            System.out.println(footprints.nativeMemoryTable());
        }
        String ready = readySeconds.stream().map(r -> String.format(Locale.ROOT, "%.1f", r))
                .collect(Collectors.joining(", ")) + " s";
        System.out.println("[bench] agent launched -> ready: " + ready);
        if (!options.writesReport()) {
            return;
        }
        BenchmarkReport.write("agent-footprint", String.format(Locale.ROOT,
                "Footprint: RSS of the watcher-agent idle and watching %,d files", files), options.command(), List.of(),
                List.of(
                        "The packaged watcher-agent with its production JVM flags (watcher-agent/src/main/jvm/jvm.options,"
                                + " the kernel pod template's JAVA_TOOL_OPTIONS)"
                                + (extraJvm.isEmpty() ? "" : " plus " + String.join(" ", extraJvm))
                                + (nmt ? " and -XX:NativeMemoryTracking=summary, which costs memory of its own" : "")
                                + ", its production heartbeat (30 s), one integration folder; a fresh agent and kernel"
                                + " per run.",
                        "Idle: sampled for " + sample.toSeconds() + " s from " + idle.toSeconds() + " s after the agent"
                                + " was ready (registered, folder watched; launch to ready took " + ready
                                + " on this shared machine). Publishing: from the first file written"
                                + " until a FileChanged record of every file was readable from the broker. Watching:"
                                + " the " + sample.toSeconds() + " s after that. Idle again: " + idle.toSeconds()
                                + " s later.",
                        String.format(Locale.ROOT, "The %,d files are small CSV files written at once into %d new"
                                + " folders of the integration folder.", files, folders()),
                        "Median: of the samples of a run (every 200 ms for the resident set, 500 ms for the heap),"
                                + " then of the runs (each run's median is listed). Peak: the highest sample of any run.",
                        "RSS = RssAnon (the agent's own pages: heap, metaspace, code, thread stacks, malloc) + RssFile"
                                + " (mapped files: the JDK's libraries and CDS archive, shareable with other JVMs)"
                                + " + RssShmem (negligible). Heap in use counts what the collector has not reclaimed yet.",
                        "The integration's writeback was off, so a transfer-service reading the same broker exports"
                                + " none of these files (the agent watches and publishes all the same)."),
                table);
    }

    private Footprints measure() throws IOException {
        deleteTree(work);
        Footprints footprints = new Footprints(files);
        try (ServiceProcess integrationService = Services.integrationService("bench-integration-service").start()) {
            Platform platform = Platform.create(integrationService.url(), "footprint", "Footprint Bucket "
                    + UUID.randomUUID().toString().substring(0, 6)).writeback(false);
            for (int run = 1; run <= runs; run++) {
                System.out.printf(Locale.ROOT, "[bench] run %d of %d%n", run, runs);
                footprints.add(measureOnce(platform, integrationService.url(), run));
            }
        }
        return footprints;
    }

    private Map<Phase, Figures> measureOnce(Platform platform, String integrationServiceUrl, int run) throws IOException {
        Map<Phase, Figures> figures = new LinkedHashMap<>();
        String kernelId = "kernel-" + platform.projectId + "-" + run;
        Path kernelDir = work.resolve("kernels").resolve(kernelId);
        List<String> jvm = new ArrayList<>();
        // The production flags first: what follows them wins.
        jvm.addAll(List.of(Services.agentProductionJvmOptions()));
        jvm.addAll(extraJvm);
        if (nmt) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        ServiceProcess configured = Services.agent("bench-agent-" + run, kernelId, platform.projectId, Users.EDITOR,
                kernelDir, integrationServiceUrl).with("watcher.registry.heartbeat-interval", "30s")
                .jvm(jvm.toArray(String[]::new));
        long launched = System.nanoTime();
        try (ServiceProcess agent = configured.start(); AgentMemory memory = AgentMemory.of(agent.pid())) {
            double ready = (System.nanoTime() - launched) / 1e9;
            readySeconds.add(ready);
            Path folder = kernelDir.resolve("external-files/s3/" + platform.slug);
            Services.awaitFolder(folder, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "[bench]   watcher-agent pid %d ready after %.1f s; idle for %d s%n", agent.pid(),
                    ready, idle.toSeconds());

            sleep(idle);
            figures.put(Phase.IDLE, observe(agent, memory, Phase.IDLE, run, null));
            try (KafkaProbe changes = KafkaProbe.from("file-changes")) {
                figures.put(Phase.PUBLISHING, observe(agent, memory, Phase.PUBLISHING, run, () -> {
                    long start = System.nanoTime();
                    writeFiles(folder);
                    awaitPublished(changes, kernelId + "/" + platform.slug + "/");
                    System.out.printf(Locale.ROOT, "[bench]   %,d files written and published in %.1f s%n", files,
                            (System.nanoTime() - start) / 1e9);
                }));
            }
            figures.put(Phase.WATCHING, observe(agent, memory, Phase.WATCHING, run, null));
            sleep(idle);
            figures.put(Phase.IDLE_AGAIN, observe(agent, memory, Phase.IDLE_AGAIN, run, null));
        } finally {
            deleteTree(kernelDir);
        }
        return figures;
    }

    /** The agent's memory while {@code during} runs, or for the sampling period when there is nothing to run. */
    private Figures observe(ServiceProcess agent, AgentMemory memory, Phase phase, int run, Action during)
            throws IOException {
        long from = System.nanoTime();
        if (during == null) {
            sleep(sample);
        } else {
            during.run();
        }
        Figures figures = memory.figures(from, System.nanoTime());
        if (nmt) {
            figures = figures.withNativeMemory(nativeMemory(agent.pid(), work.resolve("nmt")
                    .resolve("run-" + run + "-" + phase.name().toLowerCase(Locale.ROOT) + ".txt")));
        }
        System.out.printf(Locale.ROOT, "[bench]   %-28s RSS %s (anon %s, file %s), peak %s; heap %s, peak %s; %d threads%n",
                phase.label(files), mib(figures.rss()), mib(figures.rssAnon()), mib(figures.rssFile()),
                mib(figures.peakRss()), mib(figures.heap()), mib(figures.peakHeap()), figures.threads());
        return figures;
    }

    /** Small distinct files in new folders, as a notebook unpacking a data set writes them. */
    private void writeFiles(Path folder) throws IOException {
        for (int i = 0; i < files; i++) {
            Path dir = folder.resolve("set").resolve("d" + i / FILES_PER_FOLDER);
            if (i % FILES_PER_FOLDER == 0) {
                Files.createDirectories(dir);
            }
            Files.writeString(dir.resolve("f" + i + ".csv"), "id,value\n" + i + "," + (i * 31L) + "\n");
        }
    }

    /** Waits until a FileChanged of every file (distinct keys, a file published twice counts once) was read. */
    private void awaitPublished(KafkaProbe changes, String keyPrefix) {
        int distinct = 0;
        int records = files;
        while (distinct < files) {
            List<ConsumerRecord<String, String>> seen = changes.await(r -> r.key() != null && r.key().startsWith(keyPrefix),
                    records, PUBLISH_TIMEOUT);
            Set<String> keys = new HashSet<>();
            seen.forEach(r -> keys.add(r.key()));
            distinct = keys.size();
            records = seen.size() + files - distinct;
        }
    }

    private int folders() {
        return (files + FILES_PER_FOLDER - 1) / FILES_PER_FOLDER;
    }

    /** Committed native memory by NMT category (KiB), the full summary kept beside the run. */
    private static Map<String, Long> nativeMemory(long pid, Path file) throws IOException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String summary = AgentMemory.output(jcmd, Long.toString(pid), "VM.native_memory", "summary");
        Files.createDirectories(file.getParent());
        Files.writeString(file, summary);
        Map<String, Long> committed = new LinkedHashMap<>();
        for (String line : summary.split("\n")) {
            String trimmed = line.trim();
            int at = trimmed.indexOf("committed=");
            if (trimmed.startsWith("Total:") && at > 0) {
                committed.put("Total", Long.parseLong(trimmed.substring(at + "committed=".length()).replaceAll("KB.*", "")));
            } else if (trimmed.startsWith("-") && trimmed.indexOf("(reserved=") > 0 && at > 0) {
                String name = trimmed.substring(1, trimmed.indexOf("(reserved=")).trim();
                committed.put(name, Long.parseLong(trimmed.substring(at + "committed=".length()).replaceAll("KB.*", "")));
            }
        }
        return committed;
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1 << 20));
    }

    /** What happens while a phase is sampled. */
    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    /** The phases of one run, in order. */
    enum Phase {
        IDLE("idle"),
        PUBLISHING("publishing %,d files"),
        WATCHING("watching %,d files"),
        IDLE_AGAIN("idle again");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        String label(int files) {
            return String.format(Locale.ROOT, label, files);
        }
    }

    /** One phase of one run: medians and peaks of its samples (bytes), threads at the end, NMT if asked. */
    record Figures(long rss, long peakRss, long rssAnon, long rssFile, long heap, long peakHeap, int threads,
            Map<String, Long> nativeMemoryKib) {

        Figures withNativeMemory(Map<String, Long> committed) {
            return new Figures(rss, peakRss, rssAnon, rssFile, heap, peakHeap, threads, committed);
        }
    }

    /** The phases of every run, and their tables. */
    static final class Footprints {

        private final int files;
        private final List<Map<Phase, Figures>> runs = new ArrayList<>();

        Footprints(int files) {
            this.files = files;
        }

        void add(Map<Phase, Figures> run) {
            runs.add(run);
        }

        String markdownTable() {
            StringBuilder out = new StringBuilder();
            out.append("| Phase | RSS median | RSS peak | RssAnon | RssFile | Heap in use | Heap peak | Threads"
                    + " | RSS median of each run |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Phase phase : Phase.values()) {
                List<Figures> all = runs.stream().map(r -> r.get(phase)).toList();
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                        phase.label(files), mib(median(all, Figures::rss)), mib(max(all, Figures::peakRss)),
                        mib(median(all, Figures::rssAnon)), mib(median(all, Figures::rssFile)),
                        mib(median(all, Figures::heap)), mib(max(all, Figures::peakHeap)),
                        median(all, Figures::threads),
                        all.stream().map(f -> mib(f.rss()).replace(" MiB", "")).collect(Collectors.joining(", "))
                                + " MiB"));
            }
            return out.toString();
        }

        /** NMT's committed memory by category, medians of the runs, for the phases sampled. */
        String nativeMemoryTable() {
            List<String> categories = runs.get(0).get(Phase.IDLE).nativeMemoryKib().keySet().stream().toList();
            StringBuilder out = new StringBuilder("| NMT committed (median of runs) | ");
            out.append(Arrays.stream(Phase.values()).map(p -> p.label(files)).collect(Collectors.joining(" | ")))
                    .append(" |\n|---|");
            out.append("---:|".repeat(Phase.values().length)).append('\n');
            for (String category : categories) {
                out.append("| ").append(category).append(" |");
                for (Phase phase : Phase.values()) {
                    long kib = median(runs.stream().map(r -> r.get(phase)).toList(),
                            f -> f.nativeMemoryKib().getOrDefault(category, 0L));
                    out.append(String.format(Locale.ROOT, " %.1f MiB |", kib / 1024.0));
                }
                out.append('\n');
            }
            return out.toString();
        }

        private static long median(List<Figures> all, ToLongFunction<Figures> figure) {
            return AgentMemory.median(all.stream().mapToLong(figure).toArray());
        }

        private static long max(List<Figures> all, ToLongFunction<Figures> figure) {
            return all.stream().mapToLong(figure).max().orElse(-1);
        }
    }
}

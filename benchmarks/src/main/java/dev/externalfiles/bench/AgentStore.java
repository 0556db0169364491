package dev.externalfiles.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.externalfiles.contracts.AgentFiles;
import dev.externalfiles.testsupport.Tokens;

/**
 * The watcher-agent's file API alone, the last hop of every import: one large file PUT into a
 * kernel's integration folder with the transfer-service's token, from a file in the page cache,
 * run after run, beside the same work done by native tools in the same run ({@code dd} writing
 * the file with an fsync at the end, {@code openssl dgst -sha256} hashing it; coreutils'
 * sha256sum does not use the CPU's SHA instructions and took 4-7 s per GiB here). Prints its figures only (it
 * is a diagnosis of the import path, not one of issue 6's cases): wall time and the agent's CPU
 * seconds per store.
 */
final class AgentStore implements Benchmark {

    private final Path work = Path.of("target", "bench", "agent-store").toAbsolutePath();

    @Override
    public String usage() {
        return "[--size 1G] [--runs 5]";
    }

    @Override
    public void run(Options options) throws Exception {
        long size = options.bytes("--size", "1G");
        int runs = options.integer("--runs", 5);
        try (BenchSystem system = BenchSystem.start("bench", work, "256m", Map.of())) {
            Path source = work.resolve("data/store.bin");
            String sha256 = TestFiles.random(source, size, 11);
            HttpClient http = HttpClient.newHttpClient();
            String base = system.agent.url() + AgentFiles.PATH + "/" + system.platform.slug + "/";
            store(http, base + "warm-up.bin", source, size, system); // unmeasured: the first store compiles the path
            List<Double> agentSeconds = new ArrayList<>();
            List<Double> agentCpu = new ArrayList<>();
            List<Double> ddSeconds = new ArrayList<>();
            List<Double> shaSeconds = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                sync();
                long cpuBefore = CpuMeter.processTicks(system.agent.pid());
                long start = System.nanoTime();
                store(http, base + "store-" + run + ".bin", source, size, system);
                agentSeconds.add((System.nanoTime() - start) / 1e9);
                agentCpu.add(CpuMeter.seconds(cpuBefore, CpuMeter.processTicks(system.agent.pid())));
                String stored = TestFiles.sha256(system.folder.resolve("store-" + run + ".bin"));
                if (!stored.equals(sha256)) {
                    throw new IllegalStateException("the agent stored other bytes: sha256 " + stored);
                }
                Files.delete(system.folder.resolve("store-" + run + ".bin"));
                sync();
                Path copy = work.resolve("data/dd.bin");
                ddSeconds.add(timed("dd", "if=" + source, "of=" + copy, "bs=256K", "conv=fsync", "status=none"));
                Files.delete(copy);
                shaSeconds.add(timed("openssl", "dgst", "-sha256", source.toString()));
                System.out.printf(Locale.ROOT, "[bench]   run %d: agent PUT %.2f s (agent CPU %.1f s), dd %.2f s, openssl sha256 %.2f s%n",
                        run, agentSeconds.get(run - 1), agentCpu.get(run - 1), ddSeconds.get(run - 1),
                        shaSeconds.get(run - 1));
            }
            System.out.printf(Locale.ROOT, "%n| %d MiB | median | runs |%n|---|---:|---|%n", size >> 20);
            row("agent PUT (wall)", agentSeconds);
            row("agent CPU", agentCpu);
            row("dd conv=fsync", ddSeconds);
            row("openssl dgst -sha256", shaSeconds);
            Files.delete(source);
        }
    }

    private static void store(HttpClient http, String url, Path source, long size, BenchSystem system)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + Tokens.transfer())
                .header(AgentFiles.EXPECTED_SIZE, Long.toString(size))
                .PUT(HttpRequest.BodyPublishers.ofFile(source)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the agent answered " + response.statusCode() + ": " + response.body());
        }
        if (url.endsWith("warm-up.bin")) {
            Files.delete(system.folder.resolve("warm-up.bin"));
        }
    }

    private static void row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %s |%n", what, sorted.get(sorted.size() / 2),
                String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
    }

    private static double timed(String... command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IOException(command[0] + " exited with " + process.exitValue());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sync() throws IOException, InterruptedException {
        timed("sync");
    }
}

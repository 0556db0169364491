package dev.externalfiles.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import dev.externalfiles.contracts.AgentFiles;
import dev.externalfiles.testsupport.Tokens;

/**
 * The watcher-agent's file API alone, the last hop of every import: one large file PUT into a
 * kernel's integration folder with the transfer-service's token, from a file in the page cache,
 * run after run, beside the same work done by native tools in the same run
 * ({@link BaselineTools#writeAndHash}: copy, SHA-256, fsync). Prints its figures only (it is a
 * diagnosis of the import path, not one of issue 6's cases): the table of medians, and each
 * run's agent CPU seconds.
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
        String caseName = "store " + (size >> 20) + " MiB";
        Results results = new Results(size);
        BaselineTools tools = new BaselineTools(Files.createDirectories(work.resolve("logs")));
        try (BenchSystem system = BenchSystem.start("bench", work, "256m", Map.of())) {
            Path source = work.resolve("data/store.bin");
            String sha256 = TestFiles.random(source, size, 11);
            HttpClient http = HttpClient.newHttpClient();
            String base = system.agent.url() + AgentFiles.PATH + "/" + system.platform.slug + "/";
            store(http, base, "warm-up.bin", source, size, sha256, system); // unmeasured: the first store compiles the path
            long caseWrites = size + size / 2; // the stored file or the copy, and what is written beside it
            for (int run = 1; run <= runs; run++) {
                TestFiles.startCase(work, caseWrites);
                long cpuBefore = CpuMeter.processTicks(system.agent.pid());
                Measurement stored;
                try (MemorySampler memory = MemorySampler.ofJvm(system.agent.pid())) {
                    long start = System.nanoTime();
                    store(http, base, "store-" + run + ".bin", source, size, sha256, system);
                    stored = new Measurement(System.nanoTime() - start, memory.peakRssBytes(), memory.peakHeapBytes());
                }
                double agentCpu = CpuMeter.seconds(cpuBefore, CpuMeter.processTicks(system.agent.pid()));
                results.add(caseName, Results.OURS, stored);
                TestFiles.startCase(work, caseWrites);
                Path copy = work.resolve("data/copy.bin");
                Measurement baseline = tools.writeAndHash(source, copy);
                TestFiles.requireSameThenDelete(copy, sha256);
                results.add(caseName, "tee into openssl dgst -sha256, sync", baseline);
                System.out.printf(Locale.ROOT, "[bench]   run %d: agent PUT %.2f s (agent CPU %.1f s), native tools %.2f s%n",
                        run, stored.seconds(), agentCpu, baseline.seconds());
            }
            Files.delete(source);
        }
        System.out.println();
        System.out.println(results.markdownTable());
    }

    /** PUTs the file as the transfer-service does; checks and removes what the agent stored. */
    private static void store(HttpClient http, String base, String name, Path source, long size, String sha256,
            BenchSystem system) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + name))
                .header("Authorization", "Bearer " + Tokens.transfer())
                .header(AgentFiles.EXPECTED_SIZE, Long.toString(size))
                .PUT(HttpRequest.BodyPublishers.ofFile(source)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the agent answered " + response.statusCode() + ": " + response.body());
        }
        TestFiles.requireSameThenDelete(system.folder.resolve(name), sha256);
    }
}

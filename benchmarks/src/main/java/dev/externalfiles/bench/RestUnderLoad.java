package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.ServiceProcess;
import dev.externalfiles.testsupport.Services;
import dev.externalfiles.testsupport.Stack;
import dev.externalfiles.testsupport.Tokens;
import dev.externalfiles.testsupport.Users;
import io.restassured.path.json.JsonPath;

/**
 * integration-service's REST API under load from wrk on loopback: the editor listing the
 * integrations of a workspace, and the editor browsing a folder of 1,000 keys in one page. Beside
 * them, in the same run and on the same machine, two floors: a trivial endpoint of the same
 * service (the liveness check: what the framework alone does here) and S3Proxy answering the very
 * listing browsing asks it for, without integration-service (a presigned URL).
 *
 * <p>Each run loads every target in turn for the same time with the same connections, so they all
 * see the same machine. Before every run each URL must answer 200 with the expected content, and a
 * run with any socket error or non-2xx/3xx answer fails the benchmark. The packaged service runs
 * as a process of its own with the heap its Deployment gives it.
 */
final class RestUnderLoad implements Benchmark {

    static final int KEYS = 1000;
    private static final String FOLDER = "browse-1000/";
    /** Spare life a token must have beyond one wrk run, so that no request of it goes out expired. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    /** How long integration-service's CPU is measured without load before each run. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final Path work = Path.of("target", "bench", "rest").toAbsolutePath();
    private final AnswerCheck answers = new AnswerCheck();
    private int runs;
    private Duration duration;
    private Duration warmUp;
    private String heap;
    private Wrk wrk;
    private long s3ProxyPid;
    /** The machine's load average (1 min) at the start of each run. */
    private final List<String> loadAverages = new ArrayList<>();
    /** Cores integration-service used without load, measured before each run. */
    private final List<Double> idleCores = new ArrayList<>();

    @Override
    public String usage() {
        return "[--runs 3] [--duration 20s] [--warmup 10s] [--connections 16] [--threads 2] [--heap 300m]";
    }

    @Override
    public void run(Options options) throws Exception {
        runs = options.integer("--runs", 3);
        duration = options.duration("--duration", "20s");
        warmUp = options.duration("--warmup", "10s");
        heap = options.get("--heap", "300m");
        int threads = options.integer("--threads", 2);
        wrk = new Wrk(threads, options.integer("--connections", 16), work.resolve("logs"));
        Wrk.requireInstalled();
        s3ProxyPid = s3ProxyPid();
        String table = measure().markdownTable();
        System.out.println();
        System.out.println(table);
        if (!options.writesReport()) {
            return;
        }
        BenchmarkReport.write("rest-load", String.format(Locale.ROOT,
                "REST under load: listing integrations, browsing %,d keys (wrk, %d connections)", KEYS, wrk.connections()),
                options.command(), List.of(Wrk.version() + ", " + threads + " threads, on the same machine",
                        "the liveness check of the same service", "S3Proxy answering browsing's ListObjectsV2 directly"),
                notes(threads), table);
    }

    private List<String> notes(int threads) {
        return List.of(
                "Each case: wrk --latency -t" + threads + " -c" + wrk.connections() + " -d" + duration.toSeconds()
                        + "s --timeout 30s against one URL on loopback, " + runs + " runs, every case once per run in turn,"
                        + " after a " + warmUp.toSeconds() + " s warm-up of each. Requests/s, p50 and p99 are medians"
                        + " over the runs; the Runs column gives every run's own.",
                "wrk is closed-loop: each connection sends its next request when the answer arrived, so latencies"
                        + " are those of a saturated server with " + wrk.connections() + " requests in flight, not of"
                        + " a given arrival rate (no correction for coordinated omission).",
                "list integrations: GET /v1/workspaces/{ws}/integrations with the editor's bearer token (Keycloak,"
                        + " verified by the service on every request) in a TEAM workspace holding one integration"
                        + " granted to the editor; the answer is that integration.",
                "browse " + KEYS + " keys: GET /v1/workspaces/{ws}/integrations/{id}/objects?prefix=" + FOLDER
                        + "&pageSize=" + KEYS + " (the largest page allowed) with the editor's token: the grant is read"
                        + " from PostgreSQL, then S3Proxy lists the folder of " + KEYS + " small objects; the answer"
                        + " holds all " + KEYS + " entries in one page.",
                "S3Proxy alone: the same ListObjectsV2 (prefix, delimiter, max-keys, encoding-type) sent by wrk to"
                        + " S3Proxy as a presigned URL, without integration-service: the floor under browsing.",
                "framework baseline: GET /q/health/live of the same service, no token: what Quarkus and Vert.x"
                        + " alone answer on this machine.",
                "Every URL was checked to answer 200 with the expected content before every run, and wrk reported"
                        + " no socket error, timeout or non-2xx/3xx answer in any run. Sizes of the answers' bodies: "
                        + answers.answerSizes() + ".",
                "integration-service: the packaged service (quarkus-run.jar, test profile against the local stack)"
                        + " with -Xmx" + heap + " -XX:MaxDirectMemorySize=64m, about what its Deployment gives it"
                        + " (512 Mi, MaxRAMPercentage=60), but no CPU limit. CPU columns: cores kept busy during the"
                        + " runs (medians), by the service, by S3Proxy, and by the whole machine (wrk, PostgreSQL and"
                        + " whatever else ran). Without load, the service kept " + idleCoresMeasured() + " cores busy"
                        + " (" + IDLE.toSeconds() + " s before each run). Peak RSS: the service's, sampled every 100 ms"
                        + " during the runs.",
                "The machine has " + Runtime.getRuntime().availableProcessors() + " cores shared by wrk, the"
                        + " service, the local stack and other engineers' builds and benchmarks; its load average at the"
                        + " start of each run was " + String.join(", ", loadAverages) + ". Compare cases of the same run,"
                        + " not with figures of another machine or another day.");
    }

    private LoadResults measure() throws Exception {
        try (ServiceProcess service = Services.integrationService("bench-rest-integration-service")
                .jvm("-Xmx" + heap, "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError").start()) {
            Platform platform = Platform.create(service.url(), "bench-rest", "REST Load " + UUID.randomUUID()
                    .toString().substring(0, 6));
            try (SeededFolder folder = SeededFolder.put(platform.bucket, platform.keyOf(FOLDER), KEYS)) {
                System.out.printf(Locale.ROOT, "[bench] pids: integration-service %d, S3Proxy %d (profile one with: jcmd <pid>"
                        + " JFR.start)%n", service.pid(), s3ProxyPid);
                return loadInTurn(targets(service, platform), service);
            }
        }
    }

    /** Warms every target up, then loads each in turn, run after run. */
    private LoadResults loadInTurn(List<LoadTarget> targets, ServiceProcess service) {
        for (LoadTarget target : targets) {
            System.out.printf(Locale.ROOT, "[bench] warming up %s for %d s%n", target.name(), warmUp.toSeconds());
            load(target, service, "warm-up", warmUp);
        }
        LoadResults results = new LoadResults();
        for (int run = 1; run <= runs; run++) {
            idleCores.add(idleCores(service));
            loadAverages.add(loadAverage());
            System.out.printf(Locale.ROOT, "[bench] run %d of %d (load average %s; integration-service idle: %s cores)%n", run,
                    runs, loadAverages.get(run - 1), cores(idleCores.get(run - 1)));
            for (LoadTarget target : targets) {
                LoadRun measured = load(target, service, "run-" + run, duration);
                results.add(target.name(), measured);
                System.out.printf(Locale.ROOT, "[bench]   %-30s %6s req/s  p50 %9s  p99 %9s  cores: service %s,"
                        + " S3Proxy %s, machine %s%n", target.name(), LoadResults.rate(measured.wrk().requestsPerSecond()),
                        WrkReport.latency(measured.wrk().p50Nanos()), WrkReport.latency(measured.wrk().p99Nanos()),
                        cores(measured.serviceCores()), cores(measured.s3ProxyCores()), cores(measured.machineCores()));
            }
        }
        return results;
    }

    /** The cases, floors first, so a reader sees what each step adds. */
    private List<LoadTarget> targets(ServiceProcess service, Platform platform) {
        String integrations = service.url() + "/v1/workspaces/" + platform.workspaceId + "/integrations";
        return List.of(
                new LoadTarget("framework baseline: health", service.url() + "/q/health/live", false, true,
                        "status UP", body -> "UP".equals(JsonPath.from(body).getString("status"))),
                new LoadTarget("list integrations", integrations, true, true,
                        "exactly the one integration " + platform.integrationId,
                        body -> List.of(platform.integrationId).equals(JsonPath.from(body).getList("id"))),
                new LoadTarget("S3Proxy alone: list " + KEYS + " keys",
                        PresignedListing.of(platform.bucket, platform.keyOf(FOLDER), KEYS, Duration.ofHours(6)), false, false,
                        KEYS + " keys, not truncated", RestUnderLoad::holdsEveryKeyInXml),
                new LoadTarget("browse " + KEYS + " keys",
                        integrations + "/" + platform.integrationId + "/objects?prefix=" + FOLDER + "&pageSize=" + KEYS,
                        true, true, KEYS + " importable objects in one page", RestUnderLoad::holdsEveryKeyInJson));
    }

    /**
     * The cores integration-service keeps busy with no request coming: what it does in the background
     * (outbox relay, the transfer-status consumer and notifications, which on a shared broker and
     * database include other systems' transfers), part of every case's CPU figure.
     */
    private static double idleCores(ServiceProcess service) {
        CpuMeter cpu = CpuMeter.start(service.pid());
        try {
            Thread.sleep(IDLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return cpu.stop()[0];
    }

    /** Checks the target's answer, then loads it with wrk while sampling memory and CPU. */
    private LoadRun load(LoadTarget target, ServiceProcess service, String run, Duration length) {
        Map<String, String> headers = target.bearer()
                ? Map.of("Authorization", "Bearer " + Tokens.user(Users.EDITOR, length.plus(TOKEN_MARGIN)))
                : Map.of();
        answers.require(target, headers);
        long servicePid = service.pid();
        try (MemorySampler memory = MemorySampler.of(servicePid)) {
            CpuMeter cpu = CpuMeter.start(servicePid, s3ProxyPid);
            WrkReport report = wrk.load(logName(target, run), target.url(), headers, length);
            double[] cores = cpu.stop();
            return new LoadRun(report, target.servedByIntegrationService() ? memory.peakRssBytes() : -1, cores[0], cores[1],
                    cores[2]);
        }
    }

    private String idleCoresMeasured() {
        return String.join(", ", idleCores.stream().map(RestUnderLoad::cores).toList());
    }

    private static boolean holdsEveryKeyInJson(String body) {
        JsonPath listing = JsonPath.from(body);
        List<Boolean> importable = listing.getList("objects.importable");
        return importable.size() == KEYS && !importable.contains(false) && listing.getList("folders").isEmpty()
                && listing.get("nextContinuationToken") == null;
    }

    private static boolean holdsEveryKeyInXml(String body) {
        return body.split("<Key>", -1).length - 1 == KEYS && body.contains("<IsTruncated>false</IsTruncated>");
    }

    /** S3Proxy's process, as dev/stack recorded it, or -1 when that cannot be read. */
    private static long s3ProxyPid() {
        Path pidFile = Stack.repoRoot().resolve(".stack/run/s3proxy.pid");
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            System.out.println("[bench] S3Proxy's pid not found in " + pidFile + ": its CPU is not measured");
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String logName(LoadTarget target, String run) {
        return target.name().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT) + "-" + run;
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.2f", cores);
    }
}

package dev.externalfiles.bench;

import static dev.externalfiles.bench.Results.median;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs of a load benchmark by target, and their table: medians over the runs of requests per
 * second, p50 and p99 latency and the cores used, every run's own figures, and the peak resident
 * set of integration-service over all runs.
 */
final class LoadResults {

    private final Map<String, List<LoadRun>> byTarget = new LinkedHashMap<>();

    void add(String target, LoadRun run) {
        byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(run);
    }

    String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| Case | Requests/s | p50 | p99 | Runs: requests/s, p50 / p99 | CPU integration-service"
                + " | CPU S3Proxy | CPU machine | Peak RSS integration-service |\n");
        out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
        byTarget.forEach((target, runs) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                target, rate(median(runs, r -> r.wrk().requestsPerSecond())),
                WrkReport.latency(Math.round(median(runs, r -> r.wrk().p50Nanos()))),
                WrkReport.latency(Math.round(median(runs, r -> r.wrk().p99Nanos()))),
                runs.stream().map(LoadResults::figures).collect(Collectors.joining("; ")),
                cores(median(runs, LoadRun::serviceCores)), cores(median(runs, LoadRun::s3ProxyCores)),
                cores(median(runs, LoadRun::machineCores)),
                mib(runs.stream().mapToLong(LoadRun::peakRssBytes).max().orElse(-1)))));
        return out.toString();
    }

    /** One run as {@code 2345, 1.21 ms / 8.90 ms}. */
    private static String figures(LoadRun run) {
        return rate(run.wrk().requestsPerSecond()) + ", " + WrkReport.latency(run.wrk().p50Nanos()) + " / "
                + WrkReport.latency(run.wrk().p99Nanos());
    }

    /** Requests per second, with a decimal where there are few. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond < 10 ? "%.1f" : "%.0f", perSecond);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1 << 20));
    }
}

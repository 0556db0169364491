package dev.externalfiles.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The measurements of a benchmark by case and tool, and their table: the median of the runs,
 * the throughput at that median, every run, peak memory, and External Files' speed relative to
 * the faster baseline of the same case (above 100% means External Files was faster).
 */
final class Results {

    static final String OURS = "External Files";

    private final long bytesPerRun;
    private final int filesPerRun;
    private final Map<String, Map<String, List<Measurement>>> byCase = new LinkedHashMap<>();

    Results(long bytesPerRun) {
        this(bytesPerRun, 1);
    }

    /** For cases that move many files per run: the table also says files per second. */
    Results(long bytesPerRun, int filesPerRun) {
        this.bytesPerRun = bytesPerRun;
        this.filesPerRun = filesPerRun;
    }

    void add(String caseName, String tool, Measurement measurement) {
        byCase.computeIfAbsent(caseName, c -> new LinkedHashMap<>()).computeIfAbsent(tool, t -> new ArrayList<>())
                .add(measurement);
    }

    String markdownTable() {
        StringBuilder out = new StringBuilder();
        boolean files = filesPerRun > 1;
        out.append("| Case | Tool | Median | Throughput |" + (files ? " Files/s |" : "")
                + " Runs | Peak RSS | Peak heap | vs faster baseline |\n");
        out.append("|---|---|---:|---:|" + (files ? "---:|" : "") + "---|---:|---:|---:|\n");
        byCase.forEach((caseName, tools) -> {
            double fastestBaseline = tools.entrySet().stream().filter(e -> !e.getKey().equals(OURS))
                    .mapToDouble(e -> median(e.getValue())).min().orElse(Double.NaN);
            tools.forEach((tool, runs) -> {
                double median = median(runs);
                String relative = tool.equals(OURS) && !Double.isNaN(fastestBaseline)
                        ? String.format(Locale.ROOT, "%.0f%%", 100 * fastestBaseline / median)
                        : "";
                out.append(String.format(Locale.ROOT, "| %s | %s | %.1f s | %.1f MiB/s |%s %s | %s | %s | %s |%n",
                        caseName, tool, median, bytesPerRun / median / (1 << 20),
                        files ? String.format(Locale.ROOT, " %.0f |", filesPerRun / median) : "",
                        runs.stream().map(m -> String.format(Locale.ROOT, "%.1f", m.seconds()))
                                .collect(Collectors.joining(", ")),
                        mib(runs.stream().mapToLong(Measurement::peakRssBytes).max().orElse(-1)),
                        mib(runs.stream().mapToLong(Measurement::peakHeapBytes).max().orElse(-1)), relative));
            });
        });
        return out.toString();
    }

    private static double median(List<Measurement> runs) {
        return median(runs, Measurement::seconds);
    }

    /** The median of one figure over runs; every table of the benchmarks reports medians. */
    static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1 << 20));
    }
}

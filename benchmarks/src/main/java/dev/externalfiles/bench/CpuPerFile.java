package dev.externalfiles.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the CPU of a many-files case went: per file moved, the CPU of each service and the part
 * of it its JIT compilers took, and the CPU of the whole machine (the services, the broker, the
 * database, the S3 server, the benchmark itself and the kernel's own threads). On two cores shared
 * by all of them the wall time of such a case is about the machine's CPU divided by two, so this
 * says what a file costs and who pays, independently of how fast the machine was that minute.
 */
final class CpuPerFile {

    private final List<String> services;
    private final long[] pids;
    private final Map<String, List<Run>> byCase = new LinkedHashMap<>();

    /** {@code services} and {@code pids} in the same order. */
    CpuPerFile(List<String> services, long... pids) {
        if (services.size() != pids.length) {
            throw new IllegalArgumentException("one pid per service");
        }
        this.services = List.copyOf(services);
        this.pids = pids.clone();
    }

    /** A reading to give back to {@link #add} once the case has run. */
    Reading read() {
        long[] process = new long[pids.length];
        long[] compiler = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            process[i] = CpuMeter.processTicks(pids[i]);
            compiler[i] = CpuMeter.compilerTicks(pids[i]);
        }
        return new Reading(process, compiler, CpuMeter.machineBusyTicks());
    }

    /** Adds one run of a case that moved {@code files} files between the two readings; answers its figures, to print. */
    String add(String caseName, Reading before, Reading after, int files) {
        double[] service = new double[pids.length];
        double[] compiler = new double[pids.length];
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < pids.length; i++) {
            service[i] = millisPerFile(before.process[i], after.process[i], files);
            compiler[i] = millisPerFile(before.compiler[i], after.compiler[i], files);
            line.append(String.format(Locale.ROOT, "%s %.2f (JIT %.2f), ", services.get(i), service[i], compiler[i]));
        }
        Run run = new Run(service, compiler, millisPerFile(before.machine, after.machine, files));
        byCase.computeIfAbsent(caseName, c -> new ArrayList<>()).add(run);
        return line.append(String.format(Locale.ROOT, "machine %.2f ms of CPU per file", run.machine)).toString();
    }

    String markdownTable() {
        StringBuilder out = new StringBuilder("| Case | ");
        services.forEach(s -> out.append(s).append(" | "));
        out.append("machine (all processes) | CPU per file, each run |\n|---|");
        services.forEach(s -> out.append("---:|"));
        out.append("---:|---|\n");
        byCase.forEach((caseName, runs) -> {
            out.append("| ").append(caseName).append(" | ");
            for (int i = 0; i < services.size(); i++) {
                int service = i;
                double median = Results.median(runs, r -> r.service[service]);
                double compiler = Results.median(runs, r -> r.compiler[service]);
                out.append(String.format(Locale.ROOT, "%.2f ms (JIT %.0f%%) | ", median, 100 * compiler / median));
            }
            out.append(String.format(Locale.ROOT, "%.2f ms | %s |%n", Results.median(runs, Run::machine),
                    runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.machine)).collect(Collectors.joining(", "))));
        });
        return out.toString();
    }

    private static double millisPerFile(long before, long after, int files) {
        return CpuMeter.seconds(before, after) * 1000 / files;
    }

    /** CPU ticks of each service, of its compilers, and of the machine, at one moment. */
    record Reading(long[] process, long[] compiler, long machine) {
    }

    /** Milliseconds of CPU per file of one run: each service's, its compilers', the machine's. */
    private record Run(double[] service, double[] compiler, double machine) {
    }
}

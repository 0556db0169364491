package dev.externalfiles.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the CPU of a many-files case went: per file moved, the CPU of each of our services and
 * the part of it their JIT compilers took, of each server of the stack (S3Proxy, Kafka,
 * PostgreSQL), of the benchmark's own JVM with the baseline tool it ran, and of the whole machine
 * (all of these and the kernel's own threads). On two cores shared by all of them the wall time
 * of such a case is about the machine's CPU divided by two, so this says what a file costs and who
 * pays, independently of how fast the machine was that minute; the baselines' rows say what the
 * same files cost the S3 server and the machine when a tool moves them, the floor under ours.
 */
final class CpuPerFile {

    private final List<Measured> measured;
    private final Set<Long> services;
    private final Map<String, List<Run>> byCase = new LinkedHashMap<>();

    CpuPerFile(List<Measured> measured) {
        this.measured = List.copyOf(measured);
        this.services = measured.stream().filter(Measured::service).map(Measured::pid).collect(Collectors.toSet());
    }

    /** A reading to give back to {@link #add} once the case has run. */
    Reading read() {
        long[] process = new long[measured.size()];
        long[] compiler = new long[measured.size()];
        CpuMeter.Processes processes = CpuMeter.processes();
        for (int i = 0; i < process.length; i++) {
            Measured m = measured.get(i);
            process[i] = m.service() ? CpuMeter.processTicks(m.pid()) : processes.treeTicks(m.pid(), services);
            compiler[i] = m.service() ? CpuMeter.compilerTicks(m.pid()) : -1;
        }
        return new Reading(process, compiler, CpuMeter.machineBusyTicks());
    }

    /** Adds one run of a case that moved {@code files} files between the two readings; answers its figures, to print. */
    String add(String caseName, Reading before, Reading after, int files) {
        double[] cpu = new double[measured.size()];
        double[] compiler = new double[measured.size()];
        StringBuilder line = new StringBuilder(caseName).append(": ");
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = millisPerFile(before.process[i], after.process[i], files);
            compiler[i] = millisPerFile(before.compiler[i], after.compiler[i], files);
            line.append(measured.get(i).name()).append(' ').append(millis(cpu[i]));
            if (measured.get(i).service()) {
                line.append(" (JIT ").append(millis(compiler[i])).append(')');
            }
            line.append(", ");
        }
        Run run = new Run(cpu, compiler, millisPerFile(before.machine, after.machine, files));
        byCase.computeIfAbsent(caseName, c -> new ArrayList<>()).add(run);
        return line.append("machine ").append(millis(run.machine)).append(" ms of CPU per file").toString();
    }

    String markdownTable() {
        StringBuilder out = new StringBuilder("| Case | ");
        measured.forEach(m -> out.append(m.name()).append(" | "));
        out.append("machine (all processes) | machine, each run |\n|---|");
        measured.forEach(m -> out.append("---:|"));
        out.append("---:|---|\n");
        byCase.forEach((caseName, runs) -> {
            out.append("| ").append(caseName).append(" | ");
            for (int i = 0; i < measured.size(); i++) {
                int column = i;
                double median = Results.median(runs, r -> r.cpu[column]);
                out.append(Double.isNaN(median) ? "n/a" : millis(median) + " ms");
                if (measured.get(i).service() && median > 0) {
                    double compiler = Results.median(runs, r -> r.compiler[column]);
                    out.append(String.format(Locale.ROOT, " (JIT %.0f%%)", 100 * compiler / median));
                }
                out.append(" | ");
            }
            out.append(millis(Results.median(runs, Run::machine))).append(" ms | ")
                    .append(runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.machine))
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        });
        return out.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double millisPerFile(long before, long after, int files) {
        return CpuMeter.seconds(before, after) * 1000 / files;
    }

    /**
     * A process whose CPU is counted: one of our services (its own threads, and its JIT compilers'
     * part), or a server or tool counted with every process below it but our services. A pid below
     * 0 is unknown and shows as n/a.
     */
    record Measured(String name, long pid, boolean service) {

        static Measured service(String name, long pid) {
            return new Measured(name, pid, true);
        }

        static Measured withChildren(String name, long pid) {
            return new Measured(name, pid, false);
        }
    }

    /** CPU ticks of each measured process, of its compilers (-1 if not a service), and of the machine, at one moment. */
    record Reading(long[] process, long[] compiler, long machine) {
    }

    /** Milliseconds of CPU per file of one run: each measured process's, its compilers', the machine's. */
    private record Run(double[] cpu, double[] compiler, double machine) {
    }
}

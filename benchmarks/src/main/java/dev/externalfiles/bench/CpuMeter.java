package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many cores some processes, and the whole machine, kept busy between start and stop, from
 * the CPU time in /proc. On a small machine shared by the load generator, the servers and other
 * work, this says who had the CPU while figures were taken.
 */
final class CpuMeter {

    /** The unit of CPU times in /proc (USER_HZ), 100 on the architectures Linux and Java share. */
    private static final double NANOS_PER_TICK = 1e9 / 100;

    private final long[] pids;
    private final long[] startTicks;
    private final long startMachineTicks;
    private final long startNanos = System.nanoTime();

    private CpuMeter(long[] pids) {
        this.pids = pids;
        this.startTicks = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            startTicks[i] = processTicks(pids[i]);
        }
        this.startMachineTicks = machineBusyTicks();
    }

    /** Starts measuring the given processes (a pid below 0 is measured as unknown) and the machine. */
    static CpuMeter start(long... pids) {
        return new CpuMeter(pids);
    }

    /** Cores used since the start: one per process given, in order, then the machine's. NaN where unknown. */
    double[] stop() {
        double wall = System.nanoTime() - startNanos;
        double[] cores = new double[pids.length + 1];
        for (int i = 0; i < pids.length; i++) {
            long end = processTicks(pids[i]);
            cores[i] = startTicks[i] < 0 || end < 0 ? Double.NaN : (end - startTicks[i]) * NANOS_PER_TICK / wall;
        }
        long machineEnd = machineBusyTicks();
        cores[pids.length] = startMachineTicks < 0 || machineEnd < 0 ? Double.NaN
                : (machineEnd - startMachineTicks) * NANOS_PER_TICK / wall;
        return cores;
    }

    /** Seconds of CPU between two readings of {@link #processTicks}; NaN if either could not be read. */
    static double seconds(long startTicks, long endTicks) {
        return startTicks < 0 || endTicks < 0 ? Double.NaN : (endTicks - startTicks) * NANOS_PER_TICK / 1e9;
    }

    /** User plus system time of a process, or -1 when it cannot be read. */
    static long processTicks(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            return ticks(Path.of("/proc", Long.toString(pid)));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * User plus system time of a JVM's JIT compiler threads (C1 and C2), or -1 when they cannot be
     * read. With two cores the JVM keeps one thread of each for good, so none of their time is lost
     * with an ended thread.
     */
    static long compilerTicks(long pid) {
        if (pid < 0) {
            return -1;
        }
        try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long ticks = 0;
            for (Path thread : threads.toList()) {
                String name = Files.readString(thread.resolve("comm"));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    ticks += ticks(thread);
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The folders of /proc that are processes (/proc/&lt;pid&gt;), at this moment. */
    static List<Path> processFolders() throws IOException {
        try (var entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        }
    }

    /** Every process's parent and CPU time, read once, for any number of {@link Processes#treeTicks} after it. */
    static Processes processes() {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try {
            for (Path process : processFolders()) {
                try {
                    String[] fields = statFields(process);
                    long id = Long.parseLong(process.getFileName().toString());
                    children.computeIfAbsent(Long.parseLong(fields[1]), k -> new ArrayList<>()).add(id);
                    ticks.put(id, Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]));
                } catch (IOException | RuntimeException e) {
                    // Ended while the list was read: its time is in its parent's now, or lost with both.
                }
            }
        } catch (IOException e) {
            // No /proc: every tree reads as unknown.
        }
        return new Processes(children, ticks);
    }

    /** A snapshot of the processes: who is whose child, and the CPU time of each. */
    record Processes(Map<Long, List<Long>> children, Map<Long, Long> ticks) {

        /**
         * User plus system time of a process and of every process below it, or -1 when the
         * process was not there: its own, that of its children that ended and were waited for
         * (which the kernel adds to the parent), and that of its descendants still running.
         * PostgreSQL's work is done in one process per connection below the postmaster; a
         * benchmark's baseline tool runs as a child of the benchmark's JVM. The subtrees of the
         * processes in {@code excluded} are left out: the benchmark starts our services too, and
         * they are counted on their own.
         */
        long treeTicks(long pid, Set<Long> excluded) {
            if (!ticks.containsKey(pid)) {
                return -1;
            }
            long total = 0;
            Deque<Long> pending = new ArrayDeque<>(List.of(pid));
            while (!pending.isEmpty()) {
                long next = pending.pop();
                if (!excluded.contains(next)) {
                    total += ticks.getOrDefault(next, 0L);
                    pending.addAll(children.getOrDefault(next, List.of()));
                }
            }
            return total;
        }
    }

    /** User plus system time from the {@code stat} of a process or thread folder of /proc. */
    private static long ticks(Path procFolder) throws IOException {
        String[] fields = statFields(procFolder);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The fields of a {@code stat} after the command name, which may itself hold spaces: the state is the first. */
    private static String[] statFields(Path procFolder) throws IOException {
        String stat = Files.readString(procFolder.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** Time all cores spent on anything but idling and waiting for I/O, or -1 when /proc/stat cannot be read. */
    static long machineBusyTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
                busy += Long.parseLong(cpu[field]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

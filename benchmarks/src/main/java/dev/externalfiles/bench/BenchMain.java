package dev.externalfiles.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one benchmark against the local stack by name. Started by dev/bench, which brings up the
 * stack, packages the services and installs the baseline tools first:
 *
 * <pre>
 * dev/bench &lt;benchmark&gt; [--name value ...] [--report none]
 * </pre>
 *
 * {@code --report none} prints the table without touching docs/benchmarks.md.
 */
public final class BenchMain {

    /** Every benchmark by the name dev/bench takes. */
    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("large-transfers", new LargeFileTransfers());
        BENCHMARKS.put("small-files", new SmallFileTransfers());
        BENCHMARKS.put("export-latency", new ExportLatency());
        BENCHMARKS.put("rest-load", new RestUnderLoad());
        BENCHMARKS.put("agent-footprint", new AgentFootprint());
        BENCHMARKS.put("agent-store", new AgentStore());
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = args.length == 0 ? null : BENCHMARKS.get(args[0]);
        if (benchmark == null) {
            usage(args.length == 0 ? "which benchmark?" : "unknown benchmark " + args[0]);
            return;
        }
        Options options;
        try {
            options = new Options(args[0], List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        benchmark.run(options);
    }

    static void usage(String problem) {
        System.err.println("bench: " + problem);
        BENCHMARKS.forEach((name, benchmark) -> System.err.println("usage: dev/bench " + name + " " + benchmark.usage()
                + " [--report none]"));
        System.exit(2);
    }
}

package dev.externalfiles.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a benchmark against the local stack and writes its section of docs/benchmarks.md.
 * Started by dev/bench, which brings up the stack, packages the services and installs the
 * baseline tools first:
 *
 * <pre>
 * dev/bench large-transfers [--size 2G] [--runs 3] [--heap 256m] [--transfer k=v,k=v] [--report none]
 * </pre>
 *
 * {@code --transfer} overrides transfer-service settings (e.g. {@code transfer.part-concurrency=4})
 * for experiments; {@code --report none} prints the table without touching docs/benchmarks.md.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("large-transfers")) {
            usage("unknown or missing benchmark");
        }
        Map<String, String> options = options(args);
        long size = bytes(options.getOrDefault("--size", "2G"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
        String heap = options.getOrDefault("--heap", "256m");
        if (!BaselineTools.installed()) {
            usage(BaselineTools.RCLONE + " and " + BaselineTools.AWS + " are needed (dev/bench installs them)");
        }

        Map<String, String> transferSettings = new LinkedHashMap<>();
        String transfer = options.getOrDefault("--transfer", "");
        for (String setting : transfer.isBlank() ? new String[0] : transfer.split(",")) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                usage("--transfer takes key=value pairs separated by commas: " + setting);
            }
            transferSettings.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        Results results = new LargeFileTransfers(size, runs, heap, transferSettings).run();
        String table = results.markdownTable();
        System.out.println();
        System.out.println(table);
        String command = "dev/bench large-transfers --size " + options.getOrDefault("--size", "2G") + " --runs " + runs
                + " --heap " + heap + (transfer.isBlank() ? "" : " --transfer " + transfer);
        if (options.getOrDefault("--report", "docs").equals("none")) {
            return;
        }
        BenchmarkReport.write("large-transfers", String.format(Locale.ROOT, "One large file each way (%d MiB)", size >> 20),
                command, List.of(
                        "External Files: export = file renamed into the integration folder -> object in the bucket"
                                + " with its sha256; import = POST /imports -> file in the kernel folder. Both through"
                                + " the packaged services (watcher-agent, Kafka, integration-service, transfer-service).",
                        "The transfer-service ran with -Xmx" + heap + " and its production transfer settings"
                                + (transfer.isBlank() ? "" : " except " + transfer) + ";"
                                + " Peak RSS and Peak heap are its own, sampled every 100/250 ms during the transfer.",
                        "rclone and aws ran with their default settings; their Peak RSS is the tool's process.",
                        "Every copy was checked byte for byte (sha256) after it was timed."),
                table);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i += 2) {
            if (!rest.get(i).startsWith("--") || i + 1 >= rest.size()) {
                usage("options come in pairs: --name value");
            }
            options.put(rest.get(i), rest.get(i + 1));
        }
        return options;
    }

    static long bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem);
        System.err.println("usage: dev/bench large-transfers [--size 2G] [--runs 3] [--heap 256m] [--transfer k=v,k=v]"
                + " [--report none]");
        System.exit(2);
    }
}

package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * wrk, the HTTP load generator, against one URL: a fixed number of connections, each sending its
 * next request as soon as the previous answer arrived, for a fixed time. Its report is kept in a
 * log file (with the bearer token masked) and read into a {@link WrkReport}. A run that saw socket
 * errors, timeouts or answers other than 2xx/3xx fails loudly: figures of refusals are worthless.
 * dev/bench installs wrk from Debian.
 */
final class Wrk {

    static final String WRK = "/usr/bin/wrk";

    /**
     * wrk counts an answer slower than its timeout (default 2 s) as a socket error and leaves it out
     * of the latency distribution; a long one keeps slow answers in the p99, where they belong.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int threads;
    private final int connections;
    private final Path logDir;

    Wrk(int threads, int connections, Path logDir) throws IOException {
        this.threads = threads;
        this.connections = connections;
        this.logDir = Files.createDirectories(logDir);
    }

    int connections() {
        return connections;
    }

    /** Loads {@code url} for {@code duration}; {@code logName} names the log file of wrk's report. */
    WrkReport load(String logName, String url, Map<String, String> headers, Duration duration) {
        List<String> command = new ArrayList<>(List.of(WRK, "--latency", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", TIMEOUT.toSeconds() + "s"));
        headers.forEach((name, value) -> {
            command.add("-H");
            command.add(name + ": " + value);
        });
        command.add(url);
        String output = run(command, duration.plus(TIMEOUT).plusSeconds(30));
        Path log = logDir.resolve(logName + ".txt");
        writeLog(log, masked(command) + "\n\n" + output);
        WrkReport report = WrkReport.parse(output);
        if (report.failures() > 0) {
            throw new IllegalStateException("wrk saw " + report.failures() + " failed requests of " + report.requests()
                    + " on " + url + " (socket errors or non-2xx/3xx answers); see " + log);
        }
        return report;
    }

    /** wrk's version line, for the report. */
    static String version() {
        try {
            Process process = new ProcessBuilder(WRK, "-v").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            String first = out.lines().findFirst().orElse("wrk");
            int copyright = first.indexOf(" Copyright");
            return copyright > 0 ? first.substring(0, copyright) : first;
        } catch (IOException e) {
            return "wrk: not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk: interrupted";
        }
    }

    /** Stops the benchmark with its usage when wrk is missing. */
    static void requireInstalled() {
        if (!Files.isExecutable(Path.of(WRK))) {
            BenchMain.usage(WRK + " is needed (dev/bench installs it)");
        }
    }

    private static String run(List<String> command, Duration limit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // wrk prints its report only at the end, a few KiB: reading after the exit cannot block it.
            if (!process.waitFor(limit.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not finish within " + limit);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed (exit " + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + WRK + " (dev/bench installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line as it can be logged: a bearer token never reaches a file. */
    private static String masked(List<String> command) {
        return String.join(" ", command.stream().map(part -> part.startsWith("Authorization: Bearer ")
                ? "'Authorization: Bearer ***'"
                : part).toList());
    }

    private static void writeLog(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + log, e);
        }
    }
}

package dev.externalfiles.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run reported: requests per second, the 50th and 99th percentiles of latency (from
 * {@code --latency}), the requests completed, and the failed ones (socket errors of every kind,
 * timeouts included, plus answers other than 2xx/3xx; wrk prints those lines only when not zero).
 */
record WrkReport(double requestsPerSecond, long p50Nanos, long p99Nanos, long requests, long failures) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern SOCKET_ERRORS = Pattern
            .compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    static WrkReport parse(String output) {
        long failures = 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                failures += Long.parseLong(errors.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            failures += Long.parseLong(non2xx.group(1));
        }
        return new WrkReport(Double.parseDouble(find(RATE, output, "Requests/sec")), percentile(output, 50),
                percentile(output, 99), Long.parseLong(find(REQUESTS, output, "requests in")), failures);
    }

    /** A line of the latency distribution, such as {@code 99%  12.34ms}, in nanoseconds. */
    private static long percentile(String output, int percent) {
        Pattern line = Pattern.compile("(?m)^\\s+" + percent + "%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$");
        Matcher m = line.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + percent + "% latency (run with --latency?):\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2)) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Math.round(value * nanosPerUnit);
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk's report has no '" + what + "':\n" + output);
        }
        return m.group(1);
    }

    /** A latency as a reader compares them: microseconds below 1 ms, milliseconds below 1 s, else seconds. */
    static String latency(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", Math.round(nanos / 1e3));
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.2f ms" : "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}

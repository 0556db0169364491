package dev.externalfiles.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's command line after its name: {@code --name value} pairs. Remembers the options
 * given, so a report can print the exact command that reproduces it.
 */
final class Options {

    private final String benchmark;
    private final Map<String, String> given = new LinkedHashMap<>();

    Options(String benchmark, List<String> pairs) {
        this.benchmark = benchmark;
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!pairs.get(i).startsWith("--") || i + 1 >= pairs.size()) {
                throw new IllegalArgumentException("options come in pairs: --name value");
            }
            given.put(pairs.get(i), pairs.get(i + 1));
        }
    }

    String get(String name, String fallback) {
        return given.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    /** A duration such as {@code 20s}, {@code 2m} or a plain number of seconds. */
    Duration duration(String name, String fallback) {
        String value = get(name, fallback).trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }

    /** A size such as {@code 512M}, {@code 2G}, {@code 64K} or a plain number of bytes. */
    long bytes(String name, String fallback) {
        return bytes(get(name, fallback));
    }

    /** {@code key=value,key=value} settings, for instance service properties to override. */
    Map<String, String> settings(String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        String value = get(name, "");
        for (String setting : value.isBlank() ? new String[0] : value.split(",")) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(name + " takes key=value pairs separated by commas: " + setting);
            }
            settings.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return settings;
    }

    /** False when asked for {@code --report none}: print the table, leave docs/benchmarks.md alone. */
    boolean writesReport() {
        return !get("--report", "docs").equals("none");
    }

    /** The command that reproduces a run with these options (the report option left out). */
    String command() {
        List<String> parts = new ArrayList<>(List.of("dev/bench", benchmark));
        given.forEach((name, value) -> {
            if (!name.equals("--report")) {
                parts.add(name);
                parts.add(value);
            }
        });
        return String.join(" ", parts);
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
}

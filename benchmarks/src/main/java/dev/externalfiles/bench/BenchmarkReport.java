package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.externalfiles.testsupport.Stack;

/**
 * Writes one benchmark's section of docs/benchmarks.md, between markers of its name, so that each
 * benchmark replaces only its own figures: when and where it ran, how to reproduce it, the table.
 */
final class BenchmarkReport {

    private BenchmarkReport() {
    }

    /** A section whose baselines are rclone and the AWS CLI. */
    static void write(String name, String title, String command, List<String> notes, String table) throws IOException {
        write(name, title, command, BaselineTools.versions(), notes, table);
    }

    /**
     * A section naming its own baselines, one line each (tool and version, or what was measured beside);
     * none for a benchmark of our services on their own.
     */
    static void write(String name, String title, String command, List<String> baselines, List<String> notes, String table)
            throws IOException {
        Path file = Stack.repoRoot().resolve("docs/benchmarks.md");
        String begin = "<!-- benchmark:" + name + " -->";
        String end = "<!-- /benchmark:" + name + " -->";
        StringBuilder section = new StringBuilder();
        section.append(begin).append('\n');
        section.append("## ").append(title).append("\n\n");
        section.append("Measured ").append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" with `").append(command).append("`.\n\n");
        section.append("Machine: ").append(String.join("; ", machine())).append(".\n\n");
        if (!baselines.isEmpty()) {
            section.append("Baselines: ").append(String.join("; ", baselines)).append(".\n\n");
        }
        section.append(table).append('\n');
        notes.forEach(note -> section.append("- ").append(note).append('\n'));
        section.append(end).append('\n');

        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\nWritten by `dev/bench`; see the README.\n\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + section + text.substring(to + end.length() + 1);
        } else {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("[bench] written to " + Stack.repoRoot().relativize(file));
    }

    /** Cores, CPU model, memory, kernel, Java: what a reader needs to compare figures. */
    static List<String> machine() {
        List<String> facts = new ArrayList<>();
        facts.add(Runtime.getRuntime().availableProcessors() + " cores");
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> facts.add(l.substring(l.indexOf(':') + 1).trim()));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> facts.add(Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024) + " GiB RAM"));
        } catch (IOException e) {
            facts.add("/proc not readable");
        }
        facts.add("Linux " + System.getProperty("os.version"));
        facts.add("Java " + System.getProperty("java.version"));
        facts.add("S3Proxy (filesystem backend) on loopback");
        return facts;
    }
}

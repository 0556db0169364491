package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java Flight Recordings of the services a benchmark started, one file per service, started
 * with {@code jcmd} once the services are warm and dumped at the end of the measured runs.
 * Read them with {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}, or open
 * them in JDK Mission Control. Off unless asked for ({@code --profile jfr}): recording costs a
 * few percent of the throughput it measures.
 */
final class JfrRecordings {

    private static final String NAME = "bench";

    private final Path dir;
    private final Map<String, Long> pids = new LinkedHashMap<>();

    private JfrRecordings(Path dir) {
        this.dir = dir;
    }

    /** No recording: every method does nothing. */
    static JfrRecordings none() {
        return new JfrRecordings(null);
    }

    static JfrRecordings into(Path dir) throws IOException {
        return new JfrRecordings(Files.createDirectories(dir));
    }

    static JfrRecordings of(Options options, Path dir) throws IOException {
        String profile = options.get("--profile", "none");
        if (profile.equals("none")) {
            return none();
        }
        if (!profile.equals("jfr")) {
            throw new IllegalArgumentException("--profile takes jfr or none");
        }
        return into(dir);
    }

    /** Starts recording a service's JVM with the "profile" settings (method samples every 10-20 ms, allocation, I/O). */
    void start(String service, long pid) {
        if (dir == null) {
            return;
        }
        pids.put(service, pid);
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file(service));
    }

    /** Writes every recording to its file; answers the files written. */
    List<Path> dump() {
        List<Path> files = new ArrayList<>();
        pids.forEach((service, pid) -> {
            jcmd(pid, "JFR.dump", "name=" + NAME, "filename=" + file(service));
            files.add(file(service));
        });
        if (!files.isEmpty()) {
            System.out.println("[bench] flight recordings: " + files);
        }
        return files;
    }

    private Path file(String service) {
        return dir.resolve(service + ".jfr");
    }

    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.externalfiles.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our packaged services (target/quarkus-app) run as a separate process, as in
 * production: started with its configuration as system properties, ready when its readiness
 * check says so, stopped gracefully or killed outright. Its output goes to a log file in target/.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final int port;
    private final Path log;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
    private Process process;

    private ServiceProcess(String module, String name) {
        this.name = name;
        this.jar = Stack.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (the reactor build does)");
        }
        this.port = freePort();
        this.log = Path.of("target", name + ".log").toAbsolutePath();
        properties.put("quarkus.http.port", Integer.toString(port));
    }

    /** A service of the given module, named for its log file. */
    public static ServiceProcess of(String module, String name) {
        return new ServiceProcess(module, name);
    }

    public ServiceProcess with(String property, String value) {
        properties.put(property, value);
        return this;
    }

    /** Replaces the JVM options (default {@code -Xmx256m}), e.g. to set another heap or enable JFR. */
    public ServiceProcess jvm(String... options) {
        jvmOptions.clear();
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** The operating-system process id while running, e.g. to read its memory from /proc. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return process.pid();
    }

    public String url() {
        return "http://" + Stack.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Starts the process and waits until /q/health/ready answers 200. */
    public ServiceProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // Whatever happens to the tests, the process does not outlive the JVM that started it.
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.isAlive()) {
                    started.destroy();
                    try {
                        if (!started.waitFor(10, TimeUnit.SECONDS)) {
                            started.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        started.destroyForcibly();
                    }
                }
            }));
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
        awaitReady(Duration.ofSeconds(120));
        return this;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Stops the process gracefully (SIGTERM) and waits for it. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.externalfiles.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A project's progress stream ({@code GET /v1/projects/{p}/transfers/stream}, Server-Sent Events)
 * as a browser's Files sidebar reads it: one connection for the whole story, every event kept.
 */
final class ProgressStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Throwable broken;

    private ProgressStream(String baseUrl, String projectId, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/projects/" + projectId + "/transfers/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    }

    /** Opens the stream and waits until the service has answered it (200, headers sent). */
    static ProgressStream open(String baseUrl, String projectId, String token) {
        ProgressStream stream = new ProgressStream(baseUrl, projectId, token);
        HttpResponse<Stream<String>> answer;
        try {
            answer = stream.response.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the progress stream did not answer", e);
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the progress stream answered " + answer.statusCode());
        }
        Thread reader = new Thread(() -> stream.read(answer.body()), "progress-stream");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    private void read(Stream<String> lines) {
        try {
            lines.filter(line -> line.startsWith("data:")).forEach(line -> {
                try {
                    events.add(JSON.readValue(line.substring(5).trim(), new TypeReference<Map<String, Object>>() {
                    }));
                } catch (Exception e) {
                    broken = e;
                }
            });
        } catch (RuntimeException e) {
            broken = e;
        }
    }

    /** Every event received so far, in order of arrival. */
    List<Map<String, Object>> events() {
        if (broken != null) {
            throw new AssertionError("the progress stream broke: " + broken, broken);
        }
        return List.copyOf(events);
    }

    /** The events of one transfer, in order of arrival. */
    List<Map<String, Object>> eventsOf(String transferId) {
        return events().stream().filter(e -> transferId.equals(e.get("transferId"))).toList();
    }

    /** Waits until an event matches; fails after the timeout. */
    Map<String, Object> await(Predicate<Map<String, Object>> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var found = events().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the progress stream showed no " + what + " within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
    }
}

package dev.externalfiles.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a load target's request once, with the very headers the load generator will send, and
 * fails unless it answers 200 with the expected content: a load test of 401s or of an empty
 * listing is worthless. Remembers the size of each right answer, for the report.
 */
final class AnswerCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> answerBytes = new LinkedHashMap<>();

    void require(LoadTarget target, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url())).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(target.name() + ": " + target.url() + " could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String body = response.body();
        if (response.statusCode() != 200 || !target.answersRight().test(body)) {
            throw new IllegalStateException(target.name() + ": expected 200 with " + target.expectation() + ", got "
                    + response.statusCode() + ": " + body.substring(0, Math.min(500, body.length())));
        }
        answerBytes.put(target.name(), body.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The size of each target's body, e.g. {@code list integrations 412 B, browse 1000 keys 298 KiB}. */
    String answerSizes() {
        return String.join(", ", answerBytes.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %s", e.getKey(),
                e.getValue() < 10_000 ? e.getValue() + " B" : Math.round(e.getValue() / 1024.0) + " KiB")).toList());
    }
}

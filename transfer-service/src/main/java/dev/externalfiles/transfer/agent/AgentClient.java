package dev.externalfiles.transfer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHeaders;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.AgentFiles;
import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.Sha256;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * The watcher-agent's file API, streamed both ways on worker threads with Apache's blocking HTTP
 * client: a file is read straight from the socket into the caller's array, and stored from the
 * caller's thread in full buffers ({@link StoreBody}). Only the agent URL that integration-service
 * registered for the kernel is ever called.
 */
@ApplicationScoped
public class AgentClient {

    /** Most bytes of an agent's answer to a PUT that are read; it is a small JSON object. */
    static final int MAX_ANSWER = 64 * 1024;

    /**
     * One client for both ways. Stores used the JDK's client before, whose selector and worker
     * threads handed every request between three threads: about 14% of this service's CPU samples
     * while small files were imported (async-profiler). Reading with it allocated a new 256 KiB
     * array per socket read, then the part buffer copied it again. Like the JDK's, this client
     * ignores the JVM's proxy properties: agents are reached directly.
     */
    private final CloseableHttpClient http;
    /** The stores under way, with their requests, for the stall watch. */
    private final Map<StoreBody, HttpPut> storing = new ConcurrentHashMap<>();
    /**
     * One watch for the client's life, not one per store: every quarter of the response timeout it
     * aborts the stores whose body the agent stopped taking for {@code transfer.agent.response-timeout}.
     */
    private final ScheduledExecutorService stallWatch;
    private volatile boolean closed;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final TransferConfig.Agent config;

    public AgentClient(ServiceToken token, ObjectMapper json, TransferConfig config) {
        this.token = token;
        this.json = json;
        this.config = config.agent();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        // Every import and every export this replica runs at once may be talking to one agent.
        connections.setMaxTotal(4 * config.concurrency());
        connections.setDefaultMaxPerRoute(2 * config.concurrency());
        connections.setValidateAfterInactivity(2_000);
        int connectMillis = Math.toIntExact(this.config.connectTimeout().toMillis());
        int responseMillis = Math.toIntExact(this.config.responseTimeout().toMillis());
        // HTTP/1.1 only: one bulk stream per connection. (The JDK client, left to its default, upgraded to h2c, and
        // HTTP/2's 64 KiB flow-control windows held a 1 GiB export to 16 MiB/s.)
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                // The response timeout bounds the wait for the answer and then every silence in the body.
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(connectMillis)
                        .setConnectionRequestTimeout(responseMillis).setSocketTimeout(responseMillis)
                        .setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableContentCompression()
                .disableCookieManagement().disableAuthCaching()
                .build();
        this.stallWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-store-watch");
            thread.setDaemon(true);
            return thread;
        });
        Duration limit = this.config.responseTimeout();
        long period = Math.max(50, limit.toMillis() / 4);
        stallWatch.scheduleWithFixedDelay(() -> storing.forEach((body, request) -> {
            if (body.stalledFor(limit)) {
                request.abort();
            }
        }), period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() throws IOException {
        closed = true;
        stallWatch.shutdownNow();
        http.close();
    }

    /**
     * Opens a file the agent serves, if it still has the content {@code sha256}: 412 means the file
     * changed since the event (SKIPPED, superseded), 404 that it is gone (SKIPPED), 409 that it is
     * being written (SKIPPED: its close publishes the version to export).
     */
    public AgentFile open(String agentUrl, String slug, String path, String sha256) {
        String bearer = token.get();
        HttpGet request = new HttpGet(uri(agentUrl, slug, path));
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        request.setHeader(HttpHeaders.IF_MATCH, sha256);
        CloseableHttpResponse response;
        try {
            response = http.execute(request);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (IllegalStateException e) {
            throw stoppingOr(e);
        }
        int status = response.getStatusLine().getStatusCode();
        HttpEntity body = response.getEntity();
        if (status == 200 && body != null) {
            Header announced = response.getFirstHeader(AgentFiles.CONTENT_SHA256);
            try {
                return new AgentFile(body.getContent(), body.getContentLength(),
                        announced == null ? null : announced.getValue(), response);
            } catch (IOException e) {
                closeQuietly(response);
                throw unreachable(e);
            }
        }
        // A small problem body, read so that the connection goes back to the pool.
        EntityUtils.consumeQuietly(body);
        closeQuietly(response);
        if (status == 412) {
            throw TransferFailure.skip("SUPERSEDED", "the file changed since this event; its newer version is exported");
        }
        if (status == 404) {
            throw TransferFailure.skip("FILE_GONE", "the file no longer exists in the kernel");
        }
        if (status == 409) {
            // The agent hashed the file to answer and it changed meanwhile: a writer is at work, and its close (or
            // silence) publishes the version to export. Not a failure of this transfer.
            throw TransferFailure.skip("FILE_CHANGING", "the file was being written when the agent read it; its next "
                    + "version is exported");
        }
        throw failure(status, "reading", bearer);
    }

    /** Streams {@code size} bytes into the kernel's file; answers what the agent says it stored. */
    public StoredFile store(String agentUrl, String slug, String path, InputStream content, long size) {
        String bearer = token.get();
        HttpPut request = new HttpPut(uri(agentUrl, slug, path));
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        request.setHeader(AgentFiles.EXPECTED_SIZE, Long.toString(size));
        StoreBody body = new StoreBody(content, size);
        request.setEntity(body);
        storing.put(body, request);
        int status;
        byte[] answer;
        try (CloseableHttpResponse response = http.execute(request)) {
            status = response.getStatusLine().getStatusCode();
            answer = answerOf(response.getEntity());
            if (answer == null) {
                // Dropped, not read on: closing the stream of a longer answer would read it to its end.
                request.abort();
                throw TransferFailure.retryable("AGENT_BAD_ANSWER", "the agent's answer is longer than " + MAX_ANSWER
                        + " bytes", null);
            }
        } catch (StoreBody.SourceFailed e) {
            throw TransferFailure.retryable("S3_STREAM_BROKEN", "reading the object failed: " + e.getMessage(), e);
        } catch (IOException e) {
            if (request.isAborted()) {
                throw TransferFailure.retryable("AGENT_UNAVAILABLE", "the agent took none of the file's bytes for "
                        + config.responseTimeout().toSeconds() + " s", e);
            }
            throw unreachable(e);
        } catch (IllegalStateException e) {
            throw stoppingOr(e);
        } finally {
            storing.remove(body);
        }
        if (status == 200 || status == 201) {
            return storedFile(answer);
        }
        if (status == 422) {
            throw TransferFailure.retryable("AGENT_SIZE_MISMATCH", "the agent received other bytes than were sent", null);
        }
        if (status == 404) {
            // Unknown slug. integration-service has just allowed this transfer, so the kernel may use the folder: the
            // agent has not laid it out yet. It does when its registration or next heartbeat is answered, and a
            // restore is queued at the very registration whose answer the agent may not have had yet.
            throw TransferFailure.retryable("AGENT_FOLDER_MISSING", "the agent does not serve the integration folder yet",
                    null);
        }
        throw failure(status, "storing", bearer);
    }

    /**
     * The agent's answer, or null if it is longer than {@link #MAX_ANSWER} bytes: no answer of
     * the file API is. One that fits is read to its end, which gives the connection back to the pool.
     */
    private static byte[] answerOf(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        byte[] answer = in.readNBytes(MAX_ANSWER + 1);
        return answer.length > MAX_ANSWER ? null : answer;
    }

    /**
     * What a call that finds the client closed means: the service is stopping (the old JDK client
     * turned the interrupt of a stopping worker into the same failure). Anything else is a bug and
     * goes on as it is.
     */
    private RuntimeException stoppingOr(IllegalStateException e) {
        return closed ? TransferFailure.permanent("INTERRUPTED", "the service is stopping") : e;
    }

    private StoredFile storedFile(byte[] answer) {
        JsonNode body;
        try {
            body = json.readTree(answer);
        } catch (IOException e) {
            throw TransferFailure.retryable("AGENT_BAD_ANSWER", "the agent's answer was not JSON", e);
        }
        String sha256 = text(body, "sha256");
        if (!Sha256.isHex(sha256)) {
            throw TransferFailure.retryable("AGENT_BAD_ANSWER", "the agent's answer has no sha256 of what it stored", null);
        }
        String crc32c = text(body, "crc32c");
        return new StoredFile(sha256, Crc32c.isHex(crc32c) ? crc32c : null);
    }

    /** A text field of a JSON object; {@code null} for anything else. */
    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static TransferFailure unreachable(IOException e) {
        return TransferFailure.retryable("AGENT_UNREACHABLE", "the kernel's agent could not be reached: " + e.getMessage(), e);
    }

    private TransferFailure failure(int status, String doing, String bearer) {
        if (status == 401) {
            // The token expired on its way (tokens are reused until shortly before they expire) or the issuer rotated
            // its keys: retried with a new one.
            token.refused(bearer);
            return TransferFailure.retryable("AGENT_TOKEN_REFUSED", "the agent refused this service's token", null);
        }
        if (status >= 500 || status == 429 || status == 408) {
            // 408: the agent stopped waiting for a body that stopped arriving (its watcher.file-api.body-timeout).
            return TransferFailure.retryable("AGENT_UNAVAILABLE", "the agent answered " + status + " while " + doing, null);
        }
        return TransferFailure.permanent("AGENT_REFUSED", "the agent answered " + status + " while " + doing + " the file");
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the status says everything; closing only frees the connection
        }
    }

    static URI uri(String agentUrl, String slug, String path) {
        String encoded = Arrays.stream(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        String base = agentUrl.endsWith("/") ? agentUrl.substring(0, agentUrl.length() - 1) : agentUrl;
        return URI.create(base + AgentFiles.PATH + "/" + URLEncoder.encode(slug, StandardCharsets.UTF_8) + "/" + encoded);
    }

    /**
     * An open file: its bytes, its length (-1 if not announced) and the sha256 the agent reported.
     * Closing it before the end drops the connection instead of reading the rest of the file.
     */
    public record AgentFile(InputStream body, long length, String sha256, java.io.Closeable response)
            implements AutoCloseable {
        @Override
        public void close() {
            // The response, not the body: closing an unfinished body would first read it to its end.
            closeQuietly(response);
        }
    }
}

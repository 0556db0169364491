package dev.externalfiles.transfer.agent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHeaders;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
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
 * The watcher-agent's file API, streamed both ways on worker threads: files are read with
 * Apache's blocking HTTP client, which reads the response straight from the socket into the
 * caller's array, and stored with the JDK's, which streams a request body from big buffers.
 * Only the agent URL that integration-service registered for the kernel is ever called.
 */
@ApplicationScoped
public class AgentClient {

    /** The JDK client's read buffer; it reads a response 16 KiB at a time unless told otherwise. */
    static final String CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static {
        // Read once, when the JDK's HTTP client classes load, so it must be set before the first client is built; this
        // service builds no other JDK client. 256 KiB: a 1 GiB export spent 11.1 s waiting on the agent's stream with
        // 16 KiB reads, 8.6 s with 256 KiB (dev/bench large-transfers). An operator's -D setting wins.
        if (System.getProperty(CLIENT_BUFFER_PROPERTY) == null) {
            System.setProperty(CLIENT_BUFFER_PROPERTY, Integer.toString(256 * 1024));
        }
    }

    private final HttpClient http;
    /**
     * For reading files. The JDK client read a 1 GiB export into a new 256 KiB array per socket
     * read on its selector thread, then the part buffer copied it again: an eighth of the
     * transfer-service's CPU in allocation, copying and the collector (async-profiler).
     */
    private final CloseableHttpClient reads;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final TransferConfig.Agent config;

    public AgentClient(ServiceToken token, ObjectMapper json, TransferConfig config) {
        this.token = token;
        this.json = json;
        this.config = config.agent();
        // HTTP/1.1: left to its default, the client upgrades a plain-http connection to HTTP/2 (h2c),
        // which the agent accepts, and HTTP/2's 64 KiB flow-control windows held a 1 GiB export to
        // 16 MiB/s on loopback (dev/bench large-transfers --profile jfr showed the agent in its HTTP/2
        // frame writer). One bulk stream per connection is what HTTP/1.1 does best.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        // Every export this replica runs at once may be reading from one agent.
        connections.setMaxTotal(4 * config.concurrency());
        connections.setDefaultMaxPerRoute(config.concurrency());
        connections.setValidateAfterInactivity(2_000);
        int connectMillis = Math.toIntExact(this.config.connectTimeout().toMillis());
        int responseMillis = Math.toIntExact(this.config.responseTimeout().toMillis());
        this.reads = HttpClients.custom()
                .setConnectionManager(connections)
                // The response timeout bounds the wait for the answer and then every silence in the body.
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(connectMillis)
                        .setConnectionRequestTimeout(responseMillis).setSocketTimeout(responseMillis)
                        .setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableContentCompression()
                .disableCookieManagement().disableAuthCaching()
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        reads.close();
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
            response = reads.execute(request);
        } catch (IOException e) {
            throw unreachable(e);
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
        HttpRequest request = HttpRequest.newBuilder(uri(agentUrl, slug, path))
                .timeout(config.responseTimeout())
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/octet-stream")
                .header(AgentFiles.EXPECTED_SIZE, Long.toString(size))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new FillingReads(content)), size))
                .build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            return storedFile(response.body());
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

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferFailure.permanent("INTERRUPTED", "the service is stopping");
        }
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
     * Reads that fill the client's buffer (jdk.httpclient.bufsize, 256 KiB here) unless the stream
     * ends. The S3 stream answers a read with what one socket read brought, often 16-64 KiB, and the
     * client makes every answer a body item of its own, handed between its threads.
     */
    static final class FillingReads extends FilterInputStream {

        FillingReads(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int read = in.readNBytes(buffer, offset, length);
            return read == 0 ? -1 : read;
        }
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

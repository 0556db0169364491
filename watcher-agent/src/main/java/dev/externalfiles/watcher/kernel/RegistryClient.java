package dev.externalfiles.watcher.kernel;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.watcher.config.RegistryConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * integration-service's internal kernel API, called with the agent's own client-credentials
 * token. Blocking by design: only the registrar's own thread calls it, never an event loop.
 */
@ApplicationScoped
public class RegistryClient {

    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    private final RegistryConfig config;
    private final OidcClients oidcClients;
    private final ObjectMapper json;
    private final WebClient web;
    private OidcClient oidc;
    private Tokens tokens;

    public RegistryClient(RegistryConfig config, OidcClients oidcClients, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.oidcClients = oidcClients;
        this.json = json;
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.callTimeout().toMillis())
                .setIdleTimeout(60)
                .setFollowRedirects(false));
    }

    /** Registers the kernel; answers the integrations it may use. */
    public synchronized KernelView register(KernelRegistration registration) {
        try {
            Buffer body = Buffer.buffer(json.writeValueAsBytes(registration));
            return view(send(web.postAbs(url("/internal/v1/kernels")), body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the kernel registered; answers the integrations it may use now. */
    public synchronized KernelView heartbeat(String kernelId) {
        return view(send(web.putAbs(url("/internal/v1/kernels/" + encode(kernelId) + "/heartbeat")), Buffer.buffer()));
    }

    /** Deregisters the kernel (404 counts as done). */
    public synchronized void deregister(String kernelId, Duration timeout) {
        HttpResponse<Buffer> response = send(web.deleteAbs(url("/internal/v1/kernels/" + encode(kernelId))), null, timeout);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw refusal(response);
        }
    }

    @PreDestroy
    void close() {
        web.close();
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
        return send(request, body, config.callTimeout());
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body, Duration timeout) {
        request.bearerTokenAuthentication(token()).timeout(timeout.toMillis())
                .putHeader("Accept", "application/json");
        HttpResponse<Buffer> response;
        try {
            response = (body == null ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(body))
                    .await().atMost(timeout.plusSeconds(1));
        } catch (RuntimeException e) {
            throw new RegistryRefusal(0, "integration-service is not reachable at " + config.url() + ": " + e.getMessage());
        }
        if (response.statusCode() == 401) {
            tokens = null; // expired or revoked early: fetch a new one next time
        }
        return response;
    }

    private KernelView view(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        try {
            return json.readValue(response.body().getBytes(), KernelView.class);
        } catch (java.io.IOException e) {
            throw new RegistryRefusal(response.statusCode(), "unreadable answer from integration-service: " + e.getMessage());
        }
    }

    private static RegistryRefusal refusal(HttpResponse<Buffer> response) {
        String detail = response.statusMessage();
        try {
            JsonObject problem = response.bodyAsJsonObject();
            if (problem != null && problem.getString("detail") != null) {
                detail = problem.getString("detail");
            }
        } catch (RuntimeException e) {
            // Not problem+json (a proxy's page): the status line says enough.
        }
        return new RegistryRefusal(response.statusCode(), "integration-service answered " + response.statusCode() + ": " + detail);
    }

    private String token() {
        if (tokens == null || tokens.getAccessTokenExpiresAt() != null
                && Instant.ofEpochSecond(tokens.getAccessTokenExpiresAt()).minus(TOKEN_MARGIN).isBefore(Instant.now())) {
            try {
                if (oidc == null) {
                    oidc = oidcClients.newClient(new OidcClientConfigBuilder()
                            .id("registry")
                            .authServerUrl(config.oidcUrl())
                            .clientId(config.clientId())
                            .credentials(config.clientSecret())
                            .connectionTimeout(config.callTimeout())
                            .build()).await().atMost(config.callTimeout().plusSeconds(1));
                }
                tokens = oidc.getTokens().await().atMost(config.callTimeout().plusSeconds(1));
            } catch (RuntimeException e) {
                throw new RegistryRefusal(0, "no token from " + config.oidcUrl() + ": " + e.getMessage());
            }
        }
        return tokens.getAccessToken();
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String url(String path) {
        String base = config.url();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}

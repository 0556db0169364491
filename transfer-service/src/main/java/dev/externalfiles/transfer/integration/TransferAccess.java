package dev.externalfiles.transfer.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * Asks integration-service whether a transfer may go, and reuses a yes briefly. Every replica
 * drops its cached answers for an integration as soon as an IntegrationChanged arrives, so a
 * revoked grant or writeback turned off stops transfers at once.
 * <p>
 * A refusal is never reused: the change that lifts it (writeback turned on, a grant) reaches this
 * replica's cache through Kafka a moment after it reaches the database, and a file written in that
 * moment would be SKIPPED for good. Asking again for each refused transfer costs one call; a lost
 * export costs the user's file. An answer whose question was in flight while any integration
 * changed is not cached either: it may predate the change that the drop was for.
 */
@ApplicationScoped
public class TransferAccess {

    /** Which way the file goes. */
    public enum Direction {
        IMPORT,
        EXPORT
    }

    private final IntegrationServiceClient client;
    private final Duration ttl;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls, so an answer asked for before one is not cached after it. */
    private final AtomicLong forgets = new AtomicLong();

    public TransferAccess(@RestClient IntegrationServiceClient client, TransferConfig config) {
        this.client = client;
        this.ttl = config.accessCacheTtl();
    }

    /** The decision; transient failures to ask are thrown as retryable {@link TransferFailure}s. */
    public AccessResolution resolve(String kernelId, String slug, Direction direction) {
        Key key = new Key(kernelId, slug, direction);
        Cached cached = cache.get(key);
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached.answer();
        }
        long forgetsBefore = forgets.get();
        AccessResolution answer;
        try {
            answer = client.access(kernelId, slug, direction.name());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500 || status == 429) {
                throw TransferFailure.retryable("INTEGRATION_SERVICE_UNAVAILABLE", "integration-service answered " + status, e);
            }
            throw TransferFailure.permanent("AUTHORIZATION_ERROR", "integration-service refused the question: " + status);
        } catch (ProcessingException e) {
            throw TransferFailure.retryable("INTEGRATION_SERVICE_UNAVAILABLE",
                    "integration-service could not be reached: " + e.getMessage(), e);
        }
        if (answer.allowed()) {
            // Put, then look: a forget that runs after the look finds the entry and drops it itself.
            cache.put(key, new Cached(answer, Instant.now().plus(ttl)));
            if (forgets.get() != forgetsBefore) {
                cache.remove(key);
            }
        }
        return answer;
    }

    /**
     * Drops every cached answer about the integration (each is a yes, which names its integration);
     * a change that names none (a malformed event) drops them all rather than guess.
     */
    public void forget(UUID integrationId) {
        forgets.incrementAndGet();
        if (integrationId == null) {
            cache.clear();
            return;
        }
        cache.values().removeIf(cached -> integrationId.equals(cached.answer().integrationId()));
    }

    private record Key(String kernelId, String slug, Direction direction) {
    }

    private record Cached(AccessResolution answer, Instant expires) {
    }
}

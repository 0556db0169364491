package dev.externalfiles.integration.s3;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.InternalAddresses;
import dev.externalfiles.integration.config.S3Config;
import dev.externalfiles.integration.service.InvalidInput;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Decides whether a custom S3 endpoint may be called: https only, and never an address that
 * reaches into our own network (loopback, private, link-local, metadata), checked after DNS
 * resolution, unless the operator allow-lists the endpoint.
 */
@ApplicationScoped
public class EndpointPolicy {

    private static final String FIELD = "endpoint";
    private final S3Config config;

    public EndpointPolicy(S3Config config) {
        this.config = config;
    }

    /** Normalized endpoint, or an {@link InvalidInput} naming the field and the rule broken. */
    public Uni<String> check(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            return Uni.createFrom().failure(new InvalidInput(FIELD, "is not a valid URL"));
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return Uni.createFrom().failure(new InvalidInput(FIELD, "must be an absolute URL with a host"));
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            return Uni.createFrom().failure(new InvalidInput(FIELD, "must not carry user info, a query or a fragment"));
        }
        String normalized = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        if (allowListed(normalized)) {
            return Uni.createFrom().item(normalized);
        }
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return Uni.createFrom().failure(new InvalidInput(FIELD, "must use https"));
        }
        String host = uri.getHost();
        // DNS resolution blocks: keep it off the event loop.
        return CallerContext.resumeOnCaller(Uni.createFrom().item(() -> resolve(host))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .map(addresses -> {
                    for (InetAddress address : addresses) {
                        if (InternalAddresses.isInternal(address)) {
                            throw new InvalidInput(FIELD, "resolves to " + address.getHostAddress()
                                    + ", a loopback, private, link-local or metadata address, which is not allowed");
                        }
                    }
                    return normalized;
                });
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInput(FIELD, "host '" + host + "' does not resolve");
        }
    }

    /** Whether the operator allow-listed this (normalized, as saved) endpoint, which may then be internal. */
    public boolean allowListed(String endpoint) {
        return endpoint != null && config.allowedEndpoints().orElse(List.of()).contains(endpoint);
    }
}

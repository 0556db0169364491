package dev.externalfiles.integration.s3;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

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
        if (config.allowedEndpoints().orElse(java.util.List.of()).contains(normalized)) {
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
                        if (isInternal(address)) {
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

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7, includes AWS's fd00:ec2::254
            boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02; // 2002::/16 embeds an IPv4 address
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            boolean ipv4Compatible = true; // ::a.b.c.d (deprecated, still routable by some stacks)
            for (int i = 0; i < 12; i++) {
                ipv4Compatible &= b[i] == 0;
            }
            // Embedded IPv4 addresses could reach our own network: refuse the whole ranges.
            return uniqueLocal || sixToFour || nat64 || ipv4Compatible;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // "this" network
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || first >= 240; // reserved and broadcast
    }
}

package dev.externalfiles.transfer.s3;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

import dev.externalfiles.contracts.InternalAddresses;

/**
 * The S3 connection pool's name resolution, which refuses internal addresses for the hosts of
 * custom endpoints that are not allow-listed. integration-service checks an endpoint when it is
 * saved; a name that resolved to a public address then can resolve to an internal one now (DNS
 * rebinding), and the connection is made with what it resolves to now. Hosts of AWS's own
 * endpoints and of allow-listed ones are resolved as usual (an S3 interface endpoint in a VPC
 * resolves AWS's names to private addresses).
 */
final class InternalAddressGuard implements DnsResolver {

    private final Set<String> guarded = ConcurrentHashMap.newKeySet();

    /**
     * Follows the latest access answer for a custom endpoint: not allow-listed, connections to its
     * host must not go to an internal address from now on; allow-listed (the operator added it
     * since), they may again; unknown (an older integration-service), nothing changes.
     */
    void follow(String endpoint, Boolean allowListed) {
        String host = URI.create(endpoint).getHost();
        if (host == null || allowListed == null) {
            return;
        }
        if (allowListed) {
            guarded.remove(normalized(host));
        } else {
            guarded.add(normalized(host));
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        if (guarded.contains(normalized(host))) {
            for (InetAddress address : addresses) {
                if (InternalAddresses.isInternal(address)) {
                    throw new InternalAddressRefused(host, address);
                }
            }
        }
        return addresses;
    }

    private static String normalized(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        // URI keeps an IPv6 literal's brackets; the connection manager passes the bare address.
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The endpoint's host resolves to an address of our own network and is not allow-listed. */
    static final class InternalAddressRefused extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        InternalAddressRefused(String host, InetAddress address) {
            super("'" + host + "' resolves to " + address.getHostAddress()
                    + ", a loopback, private, link-local or metadata address, which is not allowed for this endpoint");
        }
    }
}

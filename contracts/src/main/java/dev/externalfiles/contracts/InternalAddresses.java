package dev.externalfiles.contracts;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses that reach into our own network: loopback, private, link-local (cloud metadata),
 * carrier-grade NAT, reserved, and IPv6 forms that embed an IPv4 address. A custom S3 endpoint
 * may resolve to none of them unless the operator allow-listed it: integration-service checks
 * that when the endpoint is saved, the transfer-service again each time it connects.
 */
public final class InternalAddresses {

    private InternalAddresses() {
    }

    public static boolean isInternal(InetAddress address) {
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

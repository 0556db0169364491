package dev.externalfiles.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The addresses that a custom S3 endpoint may not reach unless allow-listed (both services apply them). */
class InternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "fe80::1",
            "fd00:ec2::254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255" })
    void internalAddressesAreRecognised(String address) throws Exception {
        assertTrue(InternalAddresses.isInternal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = { "52.216.0.1", "8.8.8.8", "2600:1f18::1" })
    void publicAddressesAreNotInternal(String address) throws Exception {
        assertFalse(InternalAddresses.isInternal(InetAddress.getByName(address)), address);
    }
}

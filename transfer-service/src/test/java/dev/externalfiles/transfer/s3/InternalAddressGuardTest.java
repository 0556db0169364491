package dev.externalfiles.transfer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * A custom endpoint that was public when it was saved and resolves to our own network now (DNS
 * rebinding) is not connected to: the stand-in is a name that resolves to loopback, where a stub
 * S3 server counts what reaches it.
 */
class InternalAddressGuardTest {

    private HttpServer store;
    private final AtomicInteger requests = new AtomicInteger();
    private final BucketClients clients = new BucketClients();
    private final ObjectStore objects = new ObjectStore(new FixedTransferConfig(16 << 20, 8 << 20, 4, 96 << 20),
            null);

    @BeforeEach
    void start() throws IOException {
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        store.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        store.start();
    }

    @AfterEach
    void stop() {
        clients.close();
        store.stop(0);
    }

    @Test
    void anEndpointThatIsNotAllowListedIsNotConnectedToWhenItResolvesToLoopback() {
        TransferFailure failure = assertThrows(TransferFailure.class,
                () -> objects.head(clients.clientFor(access(false)), "bucket", "data/a.csv"));
        assertEquals("ENDPOINT_REFUSED", failure.code());
        assertEquals(TransferFailure.Outcome.FAIL, failure.outcome(), "not retried: the answer will not change");
        assertTrue(failure.getMessage().contains("localhost"), failure.getMessage());
        assertEquals(0, requests.get(), "nothing reached the internal address");
    }

    @Test
    void anAllowListedEndpointIsConnectedTo() {
        assertTrue(objects.head(clients.clientFor(access(true)), "bucket", "data/a.csv").isEmpty(), "the stub's 404");
        assertTrue(requests.get() > 0);
    }

    @Test
    void anAnswerOfAnOlderIntegrationServiceLeavesTheCheckOut() {
        objects.head(clients.clientFor(access(null)), "bucket", "data/a.csv");
        assertTrue(requests.get() > 0);
    }

    private AccessResolution access(Boolean allowListed) {
        // A fresh access key per test, so each gets a client of its own.
        return new AccessResolution(true, null, null, "k1", "http://agent:8090", "p1", "u1", UUID.randomUUID(), 1L, "data",
                true, "bucket", "us-east-1", "http://localhost:" + store.getAddress().getPort(), true, "", null,
                "key-" + UUID.randomUUID(), "secret", allowListed);
    }
}

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
            // No keep-alive: every request resolves the name again (a pooled connection would not).
            exchange.getResponseHeaders().add("Connection", "close");
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
    void theLatestAnswerDecidesEvenForAKeptClient() {
        AccessResolution allowed = access(true);
        objects.head(clients.clientFor(allowed), "bucket", "data/a.csv");
        int reached = requests.get();
        assertTrue(reached > 0);

        // The operator took the endpoint off the allow-list: same access otherwise, so the same kept client.
        AccessResolution refused = withAllowListed(allowed, false);
        TransferFailure failure = assertThrows(TransferFailure.class,
                () -> objects.head(clients.clientFor(refused), "bucket", "data/a.csv"));
        assertEquals("ENDPOINT_REFUSED", failure.code());
        assertEquals(reached, requests.get(), "nothing more reached it");

        objects.head(clients.clientFor(allowed), "bucket", "data/a.csv");
        assertTrue(requests.get() > reached, "allow-listed again");
    }

    @Test
    void anAnswerOfAnOlderIntegrationServiceLeavesTheCheckOut() {
        objects.head(clients.clientFor(access(null)), "bucket", "data/a.csv");
        assertTrue(requests.get() > 0);
    }

    private static AccessResolution withAllowListed(AccessResolution a, Boolean allowListed) {
        return new AccessResolution(a.allowed(), a.reason(), a.detail(), a.kernelId(), a.agentUrl(), a.projectId(),
                a.userId(), a.integrationId(), a.integrationVersion(), a.slug(), a.writeback(), a.bucket(), a.region(),
                a.endpoint(), a.pathStyle(), a.rootPrefix(), a.checksumMode(), a.accessKeyId(), a.secretAccessKey(),
                allowListed);
    }

    private AccessResolution access(Boolean allowListed) {
        // A fresh access key per test, so each gets a client of its own.
        return new AccessResolution(true, null, null, "k1", "http://agent:8090", "p1", "u1", UUID.randomUUID(), 1L, "data",
                true, "bucket", "us-east-1", "http://localhost:" + store.getAddress().getPort(), true, "", null,
                "key-" + UUID.randomUUID(), "secret", allowListed);
    }
}

package dev.externalfiles.transfer.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * What each refusal of an agent to serve a file makes of the export, and what the client takes
 * from an agent's answer to a PUT (a stub agent answering one status and body).
 */
class AgentAnswersTest {

    private final AgentClient client = client(Duration.ofSeconds(5));
    private HttpServer agent;
    private volatile int status;
    /** The body of a 200; a problem naming the status otherwise. */
    private volatile String stored;
    private volatile byte[] received;
    private volatile Headers receivedHeaders;

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/", exchange -> {
            received = exchange.getRequestBody().readAllBytes();
            receivedHeaders = exchange.getRequestHeaders();
            byte[] body = (status == 200 ? stored : "{\"status\":%d}".formatted(status)).getBytes();
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        agent.start();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        agent.stop(0);
    }

    @ParameterizedTest
    @CsvSource({ "409, SKIP, FILE_CHANGING", "412, SKIP, SUPERSEDED", "404, SKIP, FILE_GONE", "403, FAIL, AGENT_REFUSED",
            "400, FAIL, AGENT_REFUSED", "503, RETRY, AGENT_UNAVAILABLE", "408, RETRY, AGENT_UNAVAILABLE",
            "401, RETRY, AGENT_TOKEN_REFUSED" })
    void aRefusalEndsTheTransferAsItsStatusSays(int answer, TransferFailure.Outcome outcome, String code) throws IOException {
        status = answer;
        TransferFailure failure = assertThrows(TransferFailure.class,
                () -> client.open(agentUrl(), "slug", "out/file.csv", "0".repeat(64)));
        assertEquals(outcome, failure.outcome(), "outcome of " + answer);
        assertEquals(code, failure.code(), "code of " + answer);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":\"0a1b2c3d\"}  | 0a1b2c3d",
            "{\"sha256\":\"%1$s\",\"size\":3}                             | ",
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":\"0A1B2C3D\"}  | ",
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":12345678}        | ",
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":\"0a1b2c3d0\"} | ",
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":\"0a1b2c3g\"}  | ",
            "{\"sha256\":\"%1$s\",\"size\":3,\"crc32c\":null}          | " })
    void aStoreAnswerGivesTheSha256AndTheCrc32cOnlyInItsAgreedForm(String answer, String crc32c) {
        status = 200;
        stored = answer.formatted("ab".repeat(32));
        StoredFile file = client.store(agentUrl(), "slug", "in/file.csv", new ByteArrayInputStream(new byte[3]), 3);
        assertEquals("ab".repeat(32), file.sha256());
        assertEquals(crc32c, file.crc32c());
    }

    @ParameterizedTest
    @ValueSource(strings = { "not json", "{}", "null", "{\"sha256\":\"AB\"}", "{\"sha256\":42}", "[]" })
    void aStoreAnswerWithoutAWellFormedSha256IsABadAnswerToRetry(String answer) {
        status = 200;
        stored = answer;
        TransferFailure failure = assertThrows(TransferFailure.class, () -> client.store(agentUrl(), "slug", "in/f.csv",
                new ByteArrayInputStream(new byte[3]), 3));
        assertEquals("AGENT_BAD_ANSWER", failure.code());
        assertEquals(TransferFailure.Outcome.RETRY, failure.outcome());
    }

    @ParameterizedTest
    @CsvSource({ "422, RETRY, AGENT_SIZE_MISMATCH", "404, RETRY, AGENT_FOLDER_MISSING", "401, RETRY, AGENT_TOKEN_REFUSED",
            "503, RETRY, AGENT_UNAVAILABLE", "408, RETRY, AGENT_UNAVAILABLE", "403, FAIL, AGENT_REFUSED",
            "409, FAIL, AGENT_REFUSED" })
    void aRefusedStoreEndsAsItsStatusSays(int answer, TransferFailure.Outcome outcome, String code) {
        status = answer;
        TransferFailure failure = assertThrows(TransferFailure.class, () -> client.store(agentUrl(), "slug", "in/f.csv",
                new ByteArrayInputStream(new byte[3]), 3));
        assertEquals(outcome, failure.outcome(), "outcome of " + answer);
        assertEquals(code, failure.code(), "code of " + answer);
    }

    @Test
    void aStoreSendsTheAnnouncedBytesWithItsSizeAndToken() {
        status = 200;
        stored = "{\"sha256\":\"%s\",\"size\":5}".formatted("cd".repeat(32));
        StoredFile file = client.store(agentUrl(), "slug", "in/a b.csv", new ByteArrayInputStream("hello".getBytes()), 5);
        assertEquals("cd".repeat(32), file.sha256());
        assertArrayEquals("hello".getBytes(), received);
        assertEquals("5", receivedHeaders.getFirst("X-Expected-Size"));
        assertEquals("Bearer token", receivedHeaders.getFirst("Authorization"));
        // The connection went back to the pool: a second store on it works the same.
        client.store(agentUrl(), "slug", "in/b.csv", new ByteArrayInputStream("again".getBytes()), 5);
        assertArrayEquals("again".getBytes(), received);
    }

    @Test
    void anAnswerTooLongToBeTheAgentsIsABadAnswerToRetry() {
        status = 200;
        stored = "{\"sha256\":\"%s\",\"pad\":\"%s\"}".formatted("ab".repeat(32), "x".repeat(AgentClient.MAX_ANSWER));
        TransferFailure failure = assertThrows(TransferFailure.class, () -> client.store(agentUrl(), "slug", "in/f.csv",
                new ByteArrayInputStream(new byte[3]), 3));
        assertEquals("AGENT_BAD_ANSWER", failure.code());
        assertEquals(TransferFailure.Outcome.RETRY, failure.outcome());
    }

    @Test
    void anEndlessAnswerIsDroppedAfterItsFirst64KiB() {
        agent.removeContext("/");
        agent.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked, and it never ends
            byte[] chunk = new byte[8192];
            try (var out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException dropped) {
                // the client hung up, as it should
            }
        });
        TransferFailure failure = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> assertThrows(TransferFailure.class,
                () -> client.store(agentUrl(), "slug", "in/f.csv", new ByteArrayInputStream(new byte[3]), 3)));
        assertEquals("AGENT_BAD_ANSWER", failure.code());
    }

    @Test
    void aStoreOnceTheServiceIsStoppingFailsAsStopping() throws IOException {
        AgentClient stopped = client(Duration.ofSeconds(5));
        stopped.close();
        TransferFailure failure = assertThrows(TransferFailure.class, () -> stopped.store(agentUrl(), "slug", "in/f.csv",
                new ByteArrayInputStream(new byte[3]), 3));
        assertEquals("INTERRUPTED", failure.code());
        assertEquals(TransferFailure.Outcome.FAIL, failure.outcome());
        TransferFailure reading = assertThrows(TransferFailure.class,
                () -> stopped.open(agentUrl(), "slug", "out/f.csv", "0".repeat(64)));
        assertEquals("INTERRUPTED", reading.code());
    }

    /** An agent that takes the connection and then reads nothing: the send buffers fill and the write blocks. */
    @Test
    void aStoreTheAgentStopsTakingIsAbortedAfterTheResponseTimeout() throws Exception {
        AgentClient impatient = client(Duration.ofSeconds(1));
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return stuck.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long size = 1L << 30;
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return 0;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return length;
                }
            };
            TransferFailure failure = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> assertThrows(
                    TransferFailure.class, () -> impatient.store("http://127.0.0.1:" + stuck.getLocalPort(), "slug",
                            "in/big.bin", endless, size)));
            assertEquals("AGENT_UNAVAILABLE", failure.code());
            assertEquals(TransferFailure.Outcome.RETRY, failure.outcome());
            accepted.get().close();
        } finally {
            impatient.close();
        }
    }

    private String agentUrl() {
        return "http://127.0.0.1:" + agent.getAddress().getPort();
    }

    private static AgentClient client(Duration timeouts) {
        ServiceToken token = new ServiceToken(null) {
            @Override
            public String get() {
                return "token";
            }
        };
        return new AgentClient(token, new ObjectMapper(), config(timeouts));
    }

    private static TransferConfig config(Duration timeouts) {
        TransferConfig.Agent agent = (TransferConfig.Agent) Proxy.newProxyInstance(TransferConfig.class.getClassLoader(),
                new Class<?>[] { TransferConfig.Agent.class }, (proxy, method, args) -> timeouts);
        return (TransferConfig) Proxy.newProxyInstance(TransferConfig.class.getClassLoader(),
                new Class<?>[] { TransferConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "agent" -> agent;
                    case "concurrency" -> 2;
                    default -> throw new UnsupportedOperationException(method.getName() + " is not read by the agent client");
                });
    }
}

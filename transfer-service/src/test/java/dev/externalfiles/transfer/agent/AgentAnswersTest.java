package dev.externalfiles.transfer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.TransferFailure;

/**
 * What each refusal of an agent to serve a file makes of the export, and what the client takes
 * from an agent's answer to a PUT (a stub agent answering one status and body).
 */
class AgentAnswersTest {

    private final AgentClient client = client();
    private HttpServer agent;
    private volatile int status;
    /** The body of a 200; a problem naming the status otherwise. */
    private volatile String stored;

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
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

    private String agentUrl() {
        return "http://127.0.0.1:" + agent.getAddress().getPort();
    }

    private static AgentClient client() {
        ServiceToken token = new ServiceToken(null) {
            @Override
            public String get() {
                return "token";
            }
        };
        return new AgentClient(token, new ObjectMapper(), config());
    }

    private static TransferConfig config() {
        TransferConfig.Agent agent = (TransferConfig.Agent) Proxy.newProxyInstance(TransferConfig.class.getClassLoader(),
                new Class<?>[] { TransferConfig.Agent.class }, (proxy, method, args) -> Duration.ofSeconds(5));
        return (TransferConfig) Proxy.newProxyInstance(TransferConfig.class.getClassLoader(),
                new Class<?>[] { TransferConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "agent" -> agent;
                    case "concurrency" -> 2;
                    default -> throw new UnsupportedOperationException(method.getName() + " is not read by the agent client");
                });
    }
}

package dev.externalfiles.transfer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.TransferFailure;

/** What each refusal of an agent to serve a file makes of the export (a stub agent answering one status). */
class AgentReadAnswersTest {

    private HttpServer agent;
    private volatile int status;

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/", exchange -> {
            byte[] problem = "{\"status\":%d}".formatted(status).getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.stop(0);
    }

    @ParameterizedTest
    @CsvSource({ "409, SKIP, FILE_CHANGING", "412, SKIP, SUPERSEDED", "404, SKIP, FILE_GONE", "403, FAIL, AGENT_REFUSED",
            "400, FAIL, AGENT_REFUSED", "503, RETRY, AGENT_UNAVAILABLE", "401, RETRY, AGENT_TOKEN_REFUSED" })
    void aRefusalEndsTheTransferAsItsStatusSays(int answer, TransferFailure.Outcome outcome, String code) throws IOException {
        status = answer;
        AgentClient client = client();
        try {
            TransferFailure failure = assertThrows(TransferFailure.class, () -> client.open(
                    "http://127.0.0.1:" + agent.getAddress().getPort(), "slug", "out/file.csv", "0".repeat(64)));
            assertEquals(outcome, failure.outcome(), "outcome of " + answer);
            assertEquals(code, failure.code(), "code of " + answer);
        } finally {
            client.close();
        }
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

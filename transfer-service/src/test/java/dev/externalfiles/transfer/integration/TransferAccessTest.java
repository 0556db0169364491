package dev.externalfiles.transfer.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.integration.TransferAccess.Direction;

/** Which of integration-service's answers the transfer-service reuses (a stub integration-service). */
class TransferAccessTest {

    private static final UUID INTEGRATION = UUID.randomUUID();

    private final Deque<AccessResolution> answers = new ArrayDeque<>();
    private Runnable duringTheQuestion = () -> {
    };
    private int questions;
    private final TransferAccess access = new TransferAccess(this::answer, config());

    @Test
    void aYesIsReusedUntilTheIntegrationChanges() {
        answers.add(allowed());
        answers.add(allowed());
        assertTrue(access.resolve("k1", "data", Direction.EXPORT).allowed());
        assertTrue(access.resolve("k1", "data", Direction.EXPORT).allowed());
        assertEquals(1, questions, "the second transfer reused the answer");

        access.forget(INTEGRATION);
        assertTrue(access.resolve("k1", "data", Direction.EXPORT).allowed());
        assertEquals(2, questions, "the change dropped it");
    }

    @Test
    void aChangeThatNamesNoIntegrationDropsEveryAnswer() {
        answers.add(allowed());
        answers.add(allowed());
        access.resolve("k1", "data", Direction.EXPORT);
        access.forget(null);
        access.resolve("k1", "data", Direction.EXPORT);
        assertEquals(2, questions, "asked again after a change it could not attribute");
    }

    @Test
    void aRefusalIsAskedAgainSoWritebackTurnedOnExportsTheNextFileAtOnce() {
        // Writeback was off; it is turned on and a file is written before the IntegrationChanged arrives.
        answers.add(AccessResolution.refused("WRITEBACK_OFF", "Writeback is off for 'data'", "k1"));
        answers.add(allowed());
        assertEquals("WRITEBACK_OFF", access.resolve("k1", "data", Direction.EXPORT).reason());
        assertTrue(access.resolve("k1", "data", Direction.EXPORT).allowed());
        assertEquals(2, questions);
    }

    @Test
    void anAnswerInFlightWhileTheIntegrationChangedIsNotCached() {
        // The answer was read before writeback was turned off; the IntegrationChanged is handled while it travels.
        duringTheQuestion = () -> access.forget(INTEGRATION);
        answers.add(allowed());
        assertTrue(access.resolve("k1", "data", Direction.EXPORT).allowed(), "this transfer goes: it was asked first");

        duringTheQuestion = () -> {
        };
        answers.add(AccessResolution.refused("WRITEBACK_OFF", "Writeback is off for 'data'", "k1"));
        AccessResolution next = access.resolve("k1", "data", Direction.EXPORT);
        assertFalse(next.allowed(), "the next one asks again and is refused");
        assertEquals(2, questions);
    }

    private AccessResolution answer(String kernelId, String slug, String direction) {
        questions++;
        duringTheQuestion.run();
        return answers.remove();
    }

    private static AccessResolution allowed() {
        return new AccessResolution(true, null, null, "k1", "http://agent:8090", "p1", "u1", INTEGRATION, 3L, "data", true,
                "bucket", "eu-west-1", null, false, "", null, "key", "secret", false);
    }

    private static TransferConfig config() {
        return (TransferConfig) Proxy.newProxyInstance(TransferConfig.class.getClassLoader(),
                new Class<?>[] { TransferConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "accessCacheTtl" -> Duration.ofMinutes(1);
                    default -> throw new UnsupportedOperationException(method.getName() + " is not read by TransferAccess");
                });
    }
}

package dev.externalfiles.integration.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.config.S3Config;
import dev.externalfiles.integration.service.InvalidInput;

class EndpointPolicyTest {

    private final EndpointPolicy policy = new EndpointPolicy(config(List.of("http://127.0.0.1:9000")));

    @Test
    void metadataAddressIsRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> policy.check("https://169.254.169.254").await().indefinitely());
        assertEquals("endpoint", e.field());
    }

    @Test
    void hostNameResolvingToLoopbackIsRefused() {
        assertThrows(InvalidInput.class, () -> policy.check("https://localhost:9443").await().indefinitely());
    }

    @Test
    void plainHttpIsRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> policy.check("http://s3.example.com").await().indefinitely());
        assertTrue(e.detail().contains("https"));
    }

    @Test
    void userInfoIsRefused() {
        assertThrows(InvalidInput.class, () -> policy.check("https://user:pw@s3.example.com").await().indefinitely());
    }

    @Test
    void allowListedLoopbackEndpointPasses() {
        assertEquals("http://127.0.0.1:9000", policy.check("http://127.0.0.1:9000/").await().indefinitely());
    }

    @Test
    void onlyAnEndpointOnTheAllowListIsReportedAllowListed() {
        // What the transfer-service is told with each access answer: may its connections go to an internal address?
        assertTrue(policy.allowListed("http://127.0.0.1:9000"));
        assertFalse(policy.allowListed("https://s3.example.com"));
        assertFalse(policy.allowListed(null), "AWS's own endpoints");
    }

    @Test
    void noEndpointMeansAws() {
        assertEquals(null, policy.check(null).await().indefinitely());
    }

    private static S3Config config(List<String> allowed) {
        return new S3Config() {
            @Override
            public Optional<List<String>> allowedEndpoints() {
                return Optional.of(allowed);
            }

            @Override
            public Duration callTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxPageSize() {
                return 1000;
            }

            @Override
            public int defaultPageSize() {
                return 200;
            }
        };
    }
}

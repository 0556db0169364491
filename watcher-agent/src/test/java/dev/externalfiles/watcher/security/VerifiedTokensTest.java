package dev.externalfiles.watcher.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** The rules of trusting a verified token again: its exp, the maximum age, the size bound, exact match. */
class VerifiedTokensTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeClock clock = new FakeClock();
    private final VerifiedTokens tokens = new VerifiedTokens(3, Duration.ofSeconds(60), clock);

    @Test
    void aRememberedTokenIsFoundWithItsIdentity() {
        SecurityIdentity identity = identity("transfer-service");
        tokens.remember("token-a", identity, T0.plusSeconds(300));
        assertThat(tokens.find("token-a")).isSameAs(identity);
    }

    @Test
    void aTokenNeverRememberedIsNotFound() {
        assertThat(tokens.find("token-a")).isNull();
    }

    @Test
    void onlyTheExactSameStringMatches() {
        tokens.remember("header.payload.signature", identity("transfer-service"), T0.plusSeconds(300));
        assertThat(tokens.find("header.payload.signaturf")).isNull();
        assertThat(tokens.find("header.payload.signatur")).isNull();
        assertThat(tokens.find("header.payload.signature ")).isNull();
        assertThat(tokens.find("HEADER.payload.signature")).isNull();
        assertThat(tokens.find(new String("header.payload.signature".toCharArray()))).isNotNull();
    }

    @Test
    void anEntryIsNotTrustedFromTheTokensExpOn() {
        tokens.remember("token-a", identity("transfer-service"), T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(19).plusMillis(999));
        assertThat(tokens.find("token-a")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.find("token-a")).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void anEntryIsNotTrustedPastTheMaxAgeEvenIfTheTokenLivesLonger() {
        tokens.remember("token-a", identity("transfer-service"), T0.plusSeconds(3600));
        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.find("token-a")).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.find("token-a")).isNull();
    }

    @Test
    void aTokenAlreadyExpiredIsNotRemembered() {
        tokens.remember("token-a", identity("transfer-service"), T0);
        tokens.remember("token-b", identity("transfer-service"), T0.minusSeconds(1));
        assertThat(tokens.size()).isZero();
    }

    @Test
    void beyondMaxSizeTheLeastRecentlyUsedTokenIsEvicted() {
        tokens.remember("token-a", identity("a"), T0.plusSeconds(300));
        tokens.remember("token-b", identity("b"), T0.plusSeconds(300));
        tokens.remember("token-c", identity("c"), T0.plusSeconds(300));
        assertThat(tokens.find("token-a")).isNotNull(); // b is now the least recently used
        tokens.remember("token-d", identity("d"), T0.plusSeconds(300));
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.find("token-b")).isNull();
        assertThat(tokens.find("token-a")).isNotNull();
        assertThat(tokens.find("token-c")).isNotNull();
        assertThat(tokens.find("token-d")).isNotNull();
    }

    @Test
    void whenFullExpiredEntriesGoBeforeALiveOne() {
        tokens.remember("short", identity("a"), T0.plusSeconds(5));
        tokens.remember("token-b", identity("b"), T0.plusSeconds(300));
        tokens.remember("token-c", identity("c"), T0.plusSeconds(300));
        tokens.find("short"); // the most recently used, but expired by the time d comes
        clock.advance(Duration.ofSeconds(10));
        tokens.remember("token-d", identity("d"), T0.plusSeconds(300));
        assertThat(tokens.find("token-b")).isNotNull();
        assertThat(tokens.find("token-c")).isNotNull();
        assertThat(tokens.find("token-d")).isNotNull();
        assertThat(tokens.size()).isEqualTo(3);
    }

    @Test
    void maxSizeZeroRemembersNothing() {
        VerifiedTokens off = new VerifiedTokens(0, Duration.ofSeconds(60), clock);
        off.remember("token-a", identity("transfer-service"), T0.plusSeconds(300));
        assertThat(off.find("token-a")).isNull();
        assertThat(off.size()).isZero();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new VerifiedTokens(-1, Duration.ofSeconds(60), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifiedTokens(1, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(() -> name).addRole("transfer").build();
    }

    /** A clock that moves only when told to. */
    static final class FakeClock implements InstantSource {
        private Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }
}

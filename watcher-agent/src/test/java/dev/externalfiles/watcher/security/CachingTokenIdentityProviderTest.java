package dev.externalfiles.watcher.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** Which verifications are remembered (only successful ones of JWTs with an exp) and what a hit answers. */
class CachingTokenIdentityProviderTest {

    private static final long EXP = VerifiedTokensTest.T0.getEpochSecond() + 300;

    private final VerifiedTokensTest.FakeClock clock = new VerifiedTokensTest.FakeClock();
    private final FakeOidc oidc = new FakeOidc();
    private final CachingTokenIdentityProvider provider = new CachingTokenIdentityProvider(oidc,
            new VerifiedTokens(64, Duration.ofSeconds(60), clock));

    @Test
    void aVerifiedTokenIsVerifiedOnceAndAnsweredFromMemoryAfterwards() {
        oidc.answer = () -> Uni.createFrom().item(jwtIdentity(EXP, "transfer"));
        SecurityIdentity first = authenticate("token-a");
        SecurityIdentity second = authenticate("token-a");
        assertThat(oidc.calls.get()).isEqualTo(1);
        assertThat(second.getRoles()).isEqualTo(first.getRoles()).containsExactly("transfer");
        assertThat(second.getPrincipal().getName()).isEqualTo("transfer-service");
        assertThat(second.getCredential(AccessTokenCredential.class).getToken()).isEqualTo("token-a");
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndRefusedEveryTime() {
        oidc.answer = () -> Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authenticate("tampered")).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThat(oidc.calls.get()).isEqualTo(3);
    }

    @Test
    void aDifferentTokenIsVerifiedAgainAndItsRefusalStands() {
        oidc.answer = () -> Uni.createFrom().item(jwtIdentity(EXP, "transfer"));
        authenticate("header.payload.signature");
        oidc.answer = () -> Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
        assertThatThrownBy(() -> authenticate("header.payload.signaturX")).isInstanceOf(AuthenticationFailedException.class);
        assertThat(oidc.calls.get()).isEqualTo(2);
    }

    @Test
    void aTokenWithoutTheRoleIsRememberedWithoutTheRole() {
        oidc.answer = () -> Uni.createFrom().item(jwtIdentity(EXP, "platform"));
        authenticate("platform-token");
        SecurityIdentity again = authenticate("platform-token");
        assertThat(oidc.calls.get()).isEqualTo(1);
        assertThat(again.hasRole("transfer")).isFalse();
        assertThat(again.getRoles()).containsExactly("platform");
    }

    @Test
    void anIdentityWithoutAnExpIsVerifiedEveryTime() {
        oidc.answer = () -> Uni.createFrom().item(jwtIdentity(0, "transfer"));
        authenticate("no-exp");
        authenticate("no-exp");
        oidc.answer = () -> Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(() -> "opaque")
                .addRole("transfer").build());
        authenticate("opaque");
        authenticate("opaque");
        assertThat(oidc.calls.get()).isEqualTo(4);
    }

    @Test
    void aTokenIsVerifiedAgainOnceItsEntryExpired() {
        oidc.answer = () -> Uni.createFrom().item(jwtIdentity(EXP, "transfer"));
        authenticate("token-a");
        clock.advance(Duration.ofSeconds(60));
        authenticate("token-a");
        assertThat(oidc.calls.get()).isEqualTo(2);
    }

    @Test
    void theRememberedIdentityKeepsNothingOfTheRequestThatMadeIt() {
        oidc.answer = () -> Uni.createFrom().item(QuarkusSecurityIdentity.builder(jwtIdentity(EXP, "transfer"))
                .addAttribute(RoutingContext.class.getName(), "the first request")
                .addAttribute(AuthenticationRequestContext.class.getName(), "its context")
                .addAttribute("tenant-id", "Default").build());
        authenticate("token-a");
        SecurityIdentity again = authenticate("token-a");
        assertThat(again.getAttributes()).containsEntry("tenant-id", "Default")
                .doesNotContainKeys(RoutingContext.class.getName(), AuthenticationRequestContext.class.getName());
    }

    @Test
    void itIsAskedBeforeOidc() {
        assertThat(provider.priority()).isGreaterThan(oidc.priority());
    }

    private SecurityIdentity authenticate(String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null).await()
                .indefinitely();
    }

    private static SecurityIdentity jwtIdentity(long exp, String role) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(exp)).addRole(role).build();
    }

    /** Stands for OIDC's provider: answers as told and counts the verifications. */
    private static final class FakeOidc implements IdentityProvider<TokenAuthenticationRequest> {
        final AtomicInteger calls = new AtomicInteger();
        Supplier<Uni<SecurityIdentity>> answer;

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            calls.incrementAndGet();
            // A fresh identity per verification, with the token as its credential, as OIDC makes it.
            return answer.get().map(identity -> QuarkusSecurityIdentity.builder(identity)
                    .addCredential(request.getToken()).build());
        }
    }

    private record Jwt(long exp) implements JsonWebToken, Principal {
        @Override
        public String getName() {
            return "transfer-service";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of(Claims.exp.name());
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claimName) {
            return Claims.exp.name().equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }
}

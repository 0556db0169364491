package dev.externalfiles.watcher.security;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.externalfiles.watcher.config.SecurityConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets the OIDC extension verify each bearer token of the file API once, and answers later
 * requests with exactly the same token from what that verification made.
 * <p>
 * The transfer-service sends one token for minutes, once or twice per file, and verifying it again
 * on every request (JSON parsing, base64, the RS256 signature, building the identity) was 47% of
 * the agent's CPU when 2,000 small files were moved. Quarkus OIDC has no cache for locally verified
 * JWTs (its {@code quarkus.oidc.token-cache} holds introspection and UserInfo answers only).
 * <p>
 * The identity provider manager asks the provider of the highest priority first, and asks no other
 * once one answers or fails: this one sits just above OIDC's and calls OIDC's itself on a miss, so
 * only an identity OIDC has fully verified (signature, issuer, audience, expiry) is remembered, and
 * a failure reaches the client as before (401) and is not remembered. Roles are not decided here:
 * {@code @RolesAllowed} checks the remembered identity's roles on every request, so a token
 * without the transfer role gets 403 every time.
 * <p>
 * OIDC's provider is a bean of the extension's runtime package, not of its API: should a Quarkus
 * upgrade rename it, the build fails on this injection point rather than the cache silently
 * going away.
 */
@ApplicationScoped
public class CachingTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /**
     * Attributes OIDC puts on an identity that belong to the request that made it: a remembered
     * identity must not keep an old request alive, and gets the current request's instead.
     */
    private static final Set<String> REQUEST_ATTRIBUTES = Set.of(RoutingContext.class.getName(),
            AuthenticationRequestContext.class.getName());

    private final IdentityProvider<TokenAuthenticationRequest> oidc;
    private final VerifiedTokens verified;

    @Inject
    CachingTokenIdentityProvider(OidcIdentityProvider oidc, SecurityConfig config) {
        this(oidc, new VerifiedTokens(config.tokenCache().maxSize(), config.tokenCache().maxAge(), InstantSource.system()));
    }

    CachingTokenIdentityProvider(IdentityProvider<TokenAuthenticationRequest> oidc, VerifiedTokens verified) {
        this.oidc = oidc;
        this.verified = verified;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return oidc.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential)) {
            return oidc.authenticate(request, context);
        }
        String token = request.getToken().getToken();
        SecurityIdentity known = verified.find(token);
        if (known != null) {
            return Uni.createFrom().item(forRequest(known, request, context));
        }
        // invoke() runs on the item only: a failed verification is never remembered.
        return oidc.authenticate(request, context).invoke(identity -> remember(token, identity));
    }

    private void remember(String token, SecurityIdentity identity) {
        // Only a JWT with an exp can be bounded by it; anything else is verified every time.
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            verified.remember(token, withoutRequest(identity), Instant.ofEpochSecond(jwt.getExpirationTime()));
        }
    }

    /** The identity as OIDC made it, less what belonged to the request that made it. */
    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles()).addCredentials(identity.getCredentials())
                // OIDC grants scopes as a permission set, never as checker functions.
                .addPermissions(identity.getPermissions());
        identity.getAttributes().forEach((name, value) -> {
            if (!REQUEST_ATTRIBUTES.contains(name)) {
                builder.addAttribute(name, value);
            }
        });
        return builder.build();
    }

    /** A remembered identity with the current request's attributes, as OIDC would have set them. */
    private static SecurityIdentity forRequest(SecurityIdentity known, TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext == null) {
            return known;
        }
        return QuarkusSecurityIdentity.builder(known).addAttribute(RoutingContext.class.getName(), routingContext)
                .addAttribute(AuthenticationRequestContext.class.getName(), context).build();
    }
}

package dev.externalfiles.transfer.agent;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;

/** This service's own access token (client credentials), fetched once and refreshed before it expires. */
@ApplicationScoped
public class ServiceToken {

    private final OidcClient client;
    private volatile Tokens tokens;

    public ServiceToken(OidcClient client) {
        this.client = client;
    }

    /** Blocking: called from transfer worker threads only. */
    public String get() {
        Tokens current = tokens;
        if (current == null || current.isAccessTokenWithinRefreshInterval() || current.isAccessTokenExpired()) {
            synchronized (this) {
                current = tokens;
                if (current == null || current.isAccessTokenWithinRefreshInterval() || current.isAccessTokenExpired()) {
                    current = client.getTokens().await().atMost(Duration.ofSeconds(30));
                    tokens = current;
                }
            }
        }
        return current.getAccessToken();
    }

    /**
     * Drops the token an agent refused (401): it expired on the way, or the issuer rotated its
     * keys. The next {@link #get} fetches a new one.
     */
    public synchronized void refused(String accessToken) {
        Tokens current = tokens;
        if (current != null && current.getAccessToken().equals(accessToken)) {
            tokens = null;
        }
    }
}

package dev.externalfiles.watcher.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the file API. */
@ConfigMapping(prefix = "watcher.security")
public interface SecurityConfig {

    /** Realm role of the transfer-service's token; every other caller gets 403. */
    @WithDefault("transfer")
    String transferRole();

    /** Reuse of bearer tokens the OIDC extension has verified (see {@code security/VerifiedTokens}). */
    TokenCache tokenCache();

    interface TokenCache {

        /**
         * Longest a verified token is trusted without being verified again, however far off its
         * {@code exp}: bounds how long a signing key withdrawn at the issuer is still honoured.
         */
        @WithDefault("60s")
        Duration maxAge();

        /**
         * Most verified tokens remembered, least recently used evicted first; {@code 0} verifies
         * every request. The agent's one caller uses a token or two at a time.
         */
        @WithDefault("64")
        int maxSize();
    }
}

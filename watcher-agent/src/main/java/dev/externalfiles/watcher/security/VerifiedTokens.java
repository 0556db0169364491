package dev.externalfiles.watcher.security;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The bearer tokens verified lately, each with the identity its verification made, trusted until
 * the token's {@code exp} or {@code maxAge} after the verification, whichever comes first.
 * <p>
 * Only what a caller hands to {@link #remember} after a successful verification is ever in here,
 * so a token that was refused, or never seen, always goes to the verifier. Tokens are looked up by
 * their whole string: a token differing in one character of its signature is another token. The
 * map is small (the agent's one caller renews its token every few minutes) and its critical
 * sections are a few field accesses, so one lock is cheaper than anything cleverer and never
 * holds up the event loop.
 */
public final class VerifiedTokens {

    private final int maxSize;
    private final Duration maxAge;
    private final InstantSource clock;
    /** In access order, so the eldest entry is the least recently used one. */
    private final LinkedHashMap<String, Entry> entries;

    public VerifiedTokens(int maxSize, Duration maxAge, InstantSource clock) {
        if (maxSize < 0 || maxAge.isNegative()) {
            throw new IllegalArgumentException("token cache: max-size and max-age must not be negative");
        }
        this.maxSize = maxSize;
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > VerifiedTokens.this.maxSize;
            }
        };
    }

    /** The identity verified for exactly this token, or null if there is none that is still valid. */
    public synchronized SecurityIdentity find(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.trustedUntil())) {
            entries.remove(token);
            return null;
        }
        return entry.identity();
    }

    /**
     * Remembers the identity made by a successful verification of {@code token}, whose {@code exp}
     * is {@code expiresAt}. Callers must never pass a token that failed verification.
     */
    public synchronized void remember(String token, SecurityIdentity identity, Instant expiresAt) {
        if (maxSize == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant byAge = now.plus(maxAge);
        Instant trustedUntil = expiresAt.isBefore(byAge) ? expiresAt : byAge;
        if (!now.isBefore(trustedUntil)) {
            return;
        }
        if (entries.size() >= maxSize && !entries.containsKey(token)) {
            // Expired entries go before a live one is evicted for being the least recently used.
            entries.values().removeIf(e -> !now.isBefore(e.trustedUntil()));
        }
        entries.put(token, new Entry(identity, trustedUntil));
    }

    /** Number of tokens remembered, expired ones not yet dropped included. */
    public synchronized int size() {
        return entries.size();
    }

    private record Entry(SecurityIdentity identity, Instant trustedUntil) {
    }
}

package dev.externalfiles.integration.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * Keys that encrypt integration secrets at rest. Several keys may be configured so that a key
 * can be rotated: new secrets use the active key, old ones are read with the key they name.
 */
@ConfigMapping(prefix = "external-files.crypto")
public interface CryptoConfig {

    /** Id of the key that encrypts new secrets; must be one of {@link #keys()}. No default. */
    String activeKeyId();

    /** Key id to base64 of a 32-byte AES-256 key. No default: production reads them from a Secret. */
    Map<String, String> keys();
}

package dev.externalfiles.integration.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.integration.config.CryptoConfig;

/**
 * Encrypts integration secrets with AES-256-GCM. The key id is stored beside the ciphertext
 * and bound to it as associated data, so keys can rotate and a ciphertext cannot be moved to
 * another key id or another integration unnoticed.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(CryptoConfig config) {
        config.keys().forEach((id, base64) -> {
            byte[] raw = Base64.getDecoder().decode(base64.trim());
            if (raw.length != 32) {
                throw new IllegalStateException("external-files.crypto.keys." + id + " must be 32 bytes (base64), got " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(config.activeKeyId())) {
            throw new IllegalStateException("external-files.crypto.active-key-id '" + config.activeKeyId()
                    + "' names no key in external-files.crypto.keys");
        }
        this.activeKeyId = config.activeKeyId();
    }

    /** The secret encrypted under the active key, bound to the given context (the integration id). */
    public Sealed seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(activeKeyId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The plaintext of a secret sealed by {@link #seal}; fails if it was tampered with. */
    public String open(Sealed sealed, String context) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("secret was sealed with key '" + sealed.keyId() + "', which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.ciphertext(), 0, NONCE_BYTES));
            cipher.updateAAD(aad(sealed.keyId(), context));
            byte[] plain = cipher.doFinal(sealed.ciphertext(), NONCE_BYTES, sealed.ciphertext().length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret could not be decrypted with key '" + sealed.keyId() + "'", e);
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    private static byte[] aad(String keyId, String context) {
        return (keyId + "|" + context).getBytes(StandardCharsets.UTF_8);
    }

    /** Ciphertext (nonce + encrypted bytes + tag) and the id of the key that sealed it. */
    public record Sealed(String keyId, byte[] ciphertext) {
    }
}

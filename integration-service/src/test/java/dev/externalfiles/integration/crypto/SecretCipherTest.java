package dev.externalfiles.integration.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.externalfiles.integration.config.CryptoConfig;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealedSecretOpensWithItsContext() {
        SecretCipher cipher = new SecretCipher(config("a", Map.of("a", KEY_A)));
        SecretCipher.Sealed sealed = cipher.seal("wJalrXUtnFEMI/K7MDENG", "integration-1");
        assertEquals("a", sealed.keyId());
        assertFalse(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1).contains("wJalrXUtnFEMI"));
        assertEquals("wJalrXUtnFEMI/K7MDENG", cipher.open(sealed, "integration-1"));
    }

    @Test
    void ciphertextMovedToAnotherIntegrationDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(config("a", Map.of("a", KEY_A)));
        SecretCipher.Sealed sealed = cipher.seal("secret", "integration-1");
        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "integration-2"));
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(config("a", Map.of("a", KEY_A)));
        SecretCipher.Sealed sealed = cipher.seal("secret", "i");
        sealed.ciphertext()[sealed.ciphertext().length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "i"));
    }

    @Test
    void afterRotationOldSecretsOpenAndNewOnesUseTheNewKey() {
        SecretCipher before = new SecretCipher(config("a", Map.of("a", KEY_A)));
        SecretCipher.Sealed old = before.seal("old-secret", "i");
        SecretCipher after = new SecretCipher(config("b", Map.of("a", KEY_A, "b", KEY_B)));
        assertEquals("old-secret", after.open(old, "i"));
        assertEquals("b", after.seal("new-secret", "i").keyId());
    }

    @Test
    void sameSecretSealsDifferentlyEachTime() {
        SecretCipher cipher = new SecretCipher(config("a", Map.of("a", KEY_A)));
        assertFalse(java.util.Arrays.equals(cipher.seal("s", "i").ciphertext(), cipher.seal("s", "i").ciphertext()));
    }

    @Test
    void wrongKeyLengthOrUnknownActiveKeyFailsAtStart() {
        assertThrows(IllegalStateException.class,
                () -> new SecretCipher(config("a", Map.of("a", Base64.getEncoder().encodeToString(new byte[16])))));
        assertThrows(IllegalStateException.class, () -> new SecretCipher(config("missing", Map.of("a", KEY_A))));
    }

    private static CryptoConfig config(String active, Map<String, String> keys) {
        return new CryptoConfig() {
            @Override
            public String activeKeyId() {
                return active;
            }

            @Override
            public Map<String, String> keys() {
                return keys;
            }
        };
    }
}

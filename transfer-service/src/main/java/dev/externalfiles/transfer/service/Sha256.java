package dev.externalfiles.transfer.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streaming sha256 in lower-case hex, the form every service uses for a file's content. */
public final class Sha256 {

    private final MessageDigest digest;

    public Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String of(byte[] bytes) {
        Sha256 sha = new Sha256();
        sha.update(bytes);
        return sha.hex();
    }

    public void update(byte[] bytes) {
        digest.update(bytes);
    }

    public void update(byte b) {
        digest.update(b);
    }

    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static boolean isHex(String value) {
        return value != null && value.matches("[0-9a-f]{64}");
    }
}

package dev.vigil.threats.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How a found secret is shown and remembered: masked for people, hashed for matching; never whole. */
public final class Masked {
    private Masked() {}

    /**
     * {@code Su****************d1}: the first two and last two characters, or fewer for short secrets (a
     * secret under 8 characters shows none), the rest as stars (at most 16, so the length hardly shows).
     */
    public static String of(String secret) {
        int n = secret.codePointCount(0, secret.length());
        String stars = "*".repeat(Math.max(4, Math.min(16, n - 4)));
        if (n < 8) {
            return stars;
        }
        int head = secret.offsetByCodePoints(0, 2);
        int tail = secret.offsetByCodePoints(secret.length(), -2);
        return secret.substring(0, head) + stars + secret.substring(tail);
    }

    /** The SHA-256 of the secret's UTF-8 bytes, in lower-case hex. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

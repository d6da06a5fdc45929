package dev.vigil.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers (sessions, CSRF tokens, setup links, silence and downtime ids): 256 random bits. */
public final class RandomId {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomId() {}

    /** 43 URL-safe characters from a cryptographic random source. */
    public static String next() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

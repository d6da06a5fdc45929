package dev.vigil.server.http;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions for the pages: a random id in an HttpOnly, SameSite=Strict cookie maps to the token that
 * signed in. Held in memory and bounded (oldest evicted), so a flood of sign-ins cannot exhaust memory;
 * a restart signs everyone out, which is acceptable for a monitoring page.
 */
final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String tokenName, String csrf, Instant expires) {}

    private final InstantSource clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX;
        }
    };

    Sessions(InstantSource clock) {
        this.clock = clock;
    }

    static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    synchronized String open(String tokenName) {
        String id = randomId();
        sessions.put(id, new Session(tokenName, randomId(), clock.instant().plus(LIFETIME)));
        return id;
    }

    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s != null && s.expires().isBefore(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(s);
    }

    synchronized void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }
}

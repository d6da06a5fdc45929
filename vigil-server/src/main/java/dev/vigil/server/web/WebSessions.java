package dev.vigil.server.web;

import dev.vigil.core.RandomId;
import dev.vigil.core.access.Users;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signed-in browser sessions: a random id (the cookie) maps to the user, role and the session's CSRF token.
 * The dashboard checks each session against the users table on every request, so a removed user or a changed
 * password ends it at once, whichever process made the change.
 * Every sign-in gets a new id, so an id planted before sign-in is worthless (no session fixation). Held in
 * memory and bounded, oldest evicted: a flood of sign-ins cannot exhaust memory; a restart signs everyone out.
 */
public final class WebSessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX = 10_000;

    /** One session, opened in one generation of its user (see {@link Users.User#generation()}). */
    public record Session(String id, String user, Users.Role role, long generation, String csrf, Instant expires) {
        public boolean isAdmin() {
            return role == Users.Role.ADMIN;
        }
    }

    private final InstantSource clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX;
        }
    };

    public WebSessions(InstantSource clock) {
        this.clock = clock;
    }

    /** 256 random bits, URL-safe. */

    synchronized Session open(Users.User user) {
        Session s = new Session(RandomId.next(), user.name(), user.role(), user.generation(), RandomId.next(), clock.instant().plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s != null && !s.expires().isAfter(clock.instant())) {
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

    /** Ends every session of a user (removed, or password changed elsewhere). */
    synchronized void closeAll(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }
}

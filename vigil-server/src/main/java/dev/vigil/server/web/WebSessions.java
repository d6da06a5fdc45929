package dev.vigil.server.web;

import dev.vigil.core.RandomId;
import dev.vigil.core.access.SessionStore;
import dev.vigil.core.access.Users;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Signed-in browser sessions: a random id (the cookie) maps to the user, role and the session's CSRF token.
 * The dashboard checks each session against the users table on every request, so a removed user or a changed
 * password ends it at once, whichever process made the change.
 * Every sign-in gets a new id, so an id planted before sign-in is worthless (no session fixation). Kept in the
 * store by the SHA-256 of the id (a copy of the store signs nobody in), so a restart signs nobody out and every
 * server of a cluster knows every session; the ended ones are pruned hourly.
 */
public final class WebSessions {
    static final Duration LIFETIME = Duration.ofHours(12);

    /** One session, opened in one generation of its user (see {@link Users.User#generation()}). */
    public record Session(String id, String user, Users.Role role, long generation, String csrf, Instant expires) {
        public boolean isAdmin() {
            return role == Users.Role.ADMIN;
        }
    }

    private final InstantSource clock;
    private final SessionStore store;

    public WebSessions(InstantSource clock, SessionStore store) {
        this.clock = clock;
        this.store = store;
    }

    Session open(Users.User user) {
        Session s = new Session(RandomId.next(), user.name(), user.role(), user.generation(), RandomId.next(), clock.instant().plus(LIFETIME));
        store.put(key(s.id()), new SessionStore.Stored(s.user(), s.role(), s.generation(), s.csrf(), s.expires()));
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 200) {
            return Optional.empty();
        }
        Optional<SessionStore.Stored> kept = store.get(key(id));
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        SessionStore.Stored s = kept.get();
        if (!s.expires().isAfter(clock.instant())) {
            store.remove(key(id));
            return Optional.empty();
        }
        return Optional.of(new Session(id, s.user(), s.role(), s.generation(), s.csrf(), s.expires()));
    }

    void close(String id) {
        if (id != null) {
            store.remove(key(id));
        }
    }

    /** Ends every session of a user (removed, or password changed elsewhere). */
    void closeAll(String user) {
        store.removeUser(user);
    }

    /** Forgets the sessions that ended. */
    int prune() {
        return store.prune(clock.instant());
    }

    private static String key(String id) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

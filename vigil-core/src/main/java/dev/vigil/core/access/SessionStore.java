package dev.vigil.core.access;

import java.time.Instant;
import java.util.Optional;

/**
 * Where signed-in browser sessions are kept: in the store, so a restarted server, or another server of a cluster
 * behind a load balancer, knows them. Keyed by a hash of the session's id (the cookie): a copy of the store
 * signs nobody in.
 */
public interface SessionStore {
    /** A session as kept: its user, the role and user generation it was opened in, its CSRF token and end. */
    record Stored(String user, Users.Role role, long generation, String csrf, Instant expires) {}

    void put(String key, Stored session);

    Optional<Stored> get(String key);

    void remove(String key);

    /** Ends every session of a user (removed, or the password changed). */
    void removeUser(String user);

    /** Forgets the sessions that ended before {@code now}; how many. */
    int prune(Instant now);
}

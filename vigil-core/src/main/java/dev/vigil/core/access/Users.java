package dev.vigil.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** People who sign in to the dashboard, with a role; passwords are kept only as slow hashes. */
public interface Users {
    public enum Role {
        ADMIN, VIEWER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("role must be admin or viewer");
            }
        }
    }

    /**
     * What is known about a user; never the hash. {@code generation} is random, renewed with every password
     * change: a session opened in another generation (or for a user who no longer exists) is over.
     */
    public record User(String name, Role role, Instant created, Instant lastLogin, long generation) {}

    /** Adds a user; the name and password rules are the store's to enforce (IllegalArgumentException). */
    void add(String name, Role role, char[] password);

    /** Sets a new password and a new generation, which ends every session the user had. */
    boolean setPassword(String name, char[] password);

    boolean remove(String name);

    List<User> list();

    /** How many users were ever added (removals do not count down): a first-run setup link is tied to it. */
    long everAdded();

    boolean isEmpty();

    Optional<User> find(String name);

    /** The user if the password is right; records the sign-in. */
    Optional<User> authenticate(String name, char[] password);
}

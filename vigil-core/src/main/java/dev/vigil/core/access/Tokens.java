package dev.vigil.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API bearer tokens (and, later, agents' enrollment tokens): created with a scope and an optional expiry,
 * shown once, kept only as a hash, verified on every call.
 */
public interface Tokens {

    /**
     * What a token may do. {@code SUBMIT} is for cron jobs and backups that only report passive results;
     * {@code READ} sees everything and changes nothing; {@code WRITE} also registers hosts and services,
     * acknowledges, schedules downtimes and silences; {@code ADMIN} also reloads, accepts integrity changes
     * and sends reports and test notifications.
     */
    public enum Scope {
        READ, SUBMIT, WRITE, ADMIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("scope must be read, submit, write or admin");
            }
        }

        /** Whether a token of this scope may do what needs {@code needed}. */
        public boolean allows(Scope needed) {
            return switch (this) {
                case ADMIN -> true;
                case WRITE -> needed != ADMIN;
                case READ, SUBMIT -> needed == this;
            };
        }
    }

    /** What {@link #list()} shows: never the token or its hash. {@code expires} null means never. */
    public record TokenInfo(String id, String name, Instant created, Instant lastUsed, Scope scope, Instant expires) {}

    /** A newly created token; {@code secret} is shown once and never stored. */
    public record Created(TokenInfo info, String secret) {}

    /** An admin token that never expires (tests and tools that set Vigil up). */
    Created create(String name);

    /** @param expires when the token stops working, or null for never */
    Created create(String name, Scope scope, Instant expires);

    /** Every token, never its secret or hash. */
    List<TokenInfo> list();

    /** Revokes by id or by name; returns how many tokens were revoked. */
    int revoke(String idOrName);

    /** The token's info if {@code secret} is a valid token that has not expired. */
    Optional<TokenInfo> verify(String secret);
}

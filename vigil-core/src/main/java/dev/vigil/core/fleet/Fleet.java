package dev.vigil.core.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The enrolled agents and the join tokens that enroll them. A join token is shown once and kept as a hash; an
 * agent is known by the id in its client certificate, owns one host name, and is refused once revoked.
 */
public interface Fleet {

    /**
     * A join token as listed (never its secret). {@code uses} is how many enrollments it allows, null for any;
     * {@code probe}: it enrolls probes ({@code vigil probe}), not agents.
     */
    record JoinToken(String id, Map<String, String> labels, Instant created, Instant expires, Integer uses, int used, boolean probe) {}

    /** A token just made: the secret is shown this once. */
    record CreatedToken(JoinToken token, String secret) {}

    /**
     * One agent. {@code acked} is the last batch sequence number applied (dedup), {@code skew} how far the agent's
     * clock is from the server's, {@code buffered} the bytes waiting in its on-disk buffer when it last sent;
     * {@code integrityAccepted} when an admin last accepted its file changes (null: never); {@code location} the place a
     * probe checks from (null: an agent, which owns its host; a probe owns none).
     */
    record Agent(String id, String host, String version, Map<String, String> labels, Instant enrolled, Instant lastSeen,
                 String certificate, boolean revoked, boolean retired, long acked, String planVersion, long buffered,
                 long lost, Duration skew, String facts, Instant integrityAccepted, String location) {
        public boolean isProbe() {
            return location != null;
        }
    }

    /** Why a join was refused, in words fit to show the agent's operator. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** @param expires null for never; @param uses null for any number of enrollments; @param probe whether it enrolls probes */
    CreatedToken createToken(Map<String, String> labels, Instant expires, Integer uses, boolean probe);

    /** An agents' join token. */
    default CreatedToken createToken(Map<String, String> labels, Instant expires, Integer uses) {
        return createToken(labels, expires, uses, false);
    }

    List<JoinToken> tokens();

    boolean deleteToken(String id);

    /**
     * Uses up one enrollment of the token and enrolls the agent in one transaction, so two agents racing for a
     * token's last use cannot both win. Throws {@link Refused} for an unknown, expired or used-up token, or a host
     * name another agent owns. {@code certificate} makes the agent's certificate (PEM) for {@code id}; it is asked only
     * once the token is found good, so a bad token is refused as such whatever else the request holds. A probe gives
     * its {@code location} and needs a probe token; an agent gives null and needs an agents' token.
     */
    Agent enroll(String secret, String id, String host, Map<String, String> ownLabels, Supplier<String> certificate, String facts,
                 String location);

    /** Enrolls an agent. */
    default Agent enroll(String secret, String id, String host, Map<String, String> ownLabels, Supplier<String> certificate, String facts) {
        return enroll(secret, id, host, ownLabels, certificate, facts, null);
    }

    Optional<Agent> agent(String id);

    List<Agent> agents();

    /**
     * One contact of an agent: when, what it runs, how much it holds, its clock's skew, its facts (null: unchanged), the
     * last sequence number now applied (never moves back) and how many items it reported dropped.
     */
    record Contact(String id, Instant at, String version, String planVersion, long buffered, Duration skew, String facts,
                   long acked, long lost) {}

    /** Records contacts of many agents in one durable transaction (the server groups them: one disk flush for many). */
    void contacts(List<Contact> contacts);

    boolean revoke(String id);

    /** Keeps an agent's renewed certificate (PEM); false for an unknown or revoked agent. */
    boolean renew(String id, String certificate);

    /** Records that an admin accepted the agent's current files as its baseline (it is told with its next plan). */
    boolean acceptIntegrity(String id, Instant at);

    /** Marks agents silent since before {@code before} as retired (kept, not deleted); returns them. */
    List<Agent> retire(Instant before);
}

package dev.vigil.core.access;

import java.time.Instant;
import java.util.List;

/**
 * Failed sign-ins by key (an address, or a user at an address), kept durable so that a restart does not
 * hand an attacker a fresh allowance.
 */
public interface LoginFailures {
    /** The times of {@code key}'s failures after {@code since}, oldest first. */
    List<Instant> since(String key, Instant since);

    /** Records one failure for each key, and forgets failures from before {@code forgetBefore}. */
    void add(List<String> keys, Instant at, Instant forgetBefore);

    /** Forgets the failures of these keys (after a successful sign-in). */
    void clear(List<String> keys);
}

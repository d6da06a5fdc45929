package dev.vigil.server.web;

import dev.vigil.core.access.LoginFailures;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Slows password guessing without letting an attacker lock anyone out: failures count per user <em>at an
 * address</em> ({@link #MAX_FAILURES} in {@link #WINDOW}) and per address ({@link #MAX_PER_ADDRESS}, for
 * trying many names), never per user alone, so wrong passwords typed elsewhere cannot keep {@code admin}
 * out. Kept in the database: a restart does not reset the count.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final int MAX_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final InstantSource clock;
    private final LoginFailures failures;

    LoginThrottle(InstantSource clock, LoginFailures failures) {
        this.clock = clock;
        this.failures = failures;
    }

    private static String addressKey(String address) {
        return "ip:" + address;
    }

    private static String userKey(String user, String address) {
        return "user:" + user + "@" + address;
    }

    /** How long the caller must wait, if blocked. */
    Optional<Duration> blocked(String user, String address) {
        Instant now = clock.instant();
        Duration a = wait(addressKey(address), MAX_PER_ADDRESS, now);
        Duration u = wait(userKey(user, address), MAX_FAILURES, now);
        Duration w = a.compareTo(u) > 0 ? a : u;
        return w.isZero() ? Optional.empty() : Optional.of(w);
    }

    private Duration wait(String key, int max, Instant now) {
        List<Instant> recent = failures.since(key, now.minus(WINDOW));
        if (recent.size() < max) {
            return Duration.ZERO;
        }
        // Blocked until enough of the failures have left the window.
        Instant freed = recent.get(recent.size() - max).plus(WINDOW);
        return freed.isAfter(now) ? Duration.between(now, freed) : Duration.ZERO;
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        failures.add(List.of(addressKey(address), userKey(user, address)), now, now.minus(WINDOW));
    }

    void succeeded(String user, String address) {
        failures.clear(List.of(userKey(user, address)));
    }
}

package dev.vigil.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed sign-ins within {@link #WINDOW} from one
 * address, or for one user name, further attempts are refused until the oldest failure leaves the window.
 * Bounded: at most {@link #MAX_KEYS} addresses and names are tracked.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_KEYS = 50_000;

    private final InstantSource clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long the caller must wait, if blocked. */
    synchronized Optional<Duration> blocked(String... keys) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys) {
            Deque<Instant> f = failures.get(key);
            if (f == null) {
                continue;
            }
            while (!f.isEmpty() && !f.peekFirst().isAfter(now.minus(WINDOW))) {
                f.pollFirst();
            }
            if (f.size() >= MAX_FAILURES) {
                Duration w = Duration.between(now, f.peekFirst().plus(WINDOW));
                wait = w.compareTo(wait) > 0 ? w : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    synchronized void failed(String... keys) {
        for (String key : keys) {
            Deque<Instant> f = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            f.addLast(clock.instant());
            while (f.size() > MAX_FAILURES) {
                f.pollFirst();
            }
        }
    }

    synchronized void succeeded(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }
}

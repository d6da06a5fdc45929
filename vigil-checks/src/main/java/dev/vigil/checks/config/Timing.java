package dev.vigil.checks.config;

import dev.vigil.checks.state.FlapDetection;
import java.time.Duration;

/** When and how often an object is checked, and how many failures make a problem HARD. */
public record Timing(Duration interval, Duration retryInterval, int maxAttempts, Duration timeout, FlapDetection flap) {
    public static final Timing DEFAULT = new Timing(Duration.ofMinutes(1), Duration.ofSeconds(30), 3,
            Duration.ofSeconds(10), new FlapDetection(20, 30));

    public Timing {
        if (interval.isZero() || retryInterval.isZero() || timeout.isZero()) {
            throw new IllegalArgumentException("interval, retry_interval and timeout must be greater than zero");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be at least 1");
        }
    }
}

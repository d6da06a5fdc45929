package dev.vigil.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when told to; used by tests and by replays of past weeks. */
public final class SimulatedClock implements InstantSource {
    private volatile Instant now;

    public SimulatedClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time cannot go backwards: " + instant + " < " + now);
        }
        now = instant;
    }

    public void advance(Duration by) {
        set(now.plus(by));
    }
}

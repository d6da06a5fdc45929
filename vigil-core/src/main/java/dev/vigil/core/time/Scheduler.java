package dev.vigil.core.time;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Runs tasks at instants of a clock. Everything in Vigil that waits goes through this interface, so the
 * same engine runs on wall-clock time in production and on simulated time in tests and {@code vigil demo}.
 *
 * <p>Tasks must be short: they run on the scheduler's own thread (or the test's thread) and are expected
 * to hand real work to an executor.
 */
public interface Scheduler {

    /** The clock this scheduler's instants refer to. */
    InstantSource clock();

    /** Runs {@code task} once at {@code at}, or as soon as possible if {@code at} is already past. */
    Scheduled schedule(Instant at, Runnable task);

    /** A pending task; cancelling a task that already ran does nothing. */
    interface Scheduled {
        void cancel();
    }
}

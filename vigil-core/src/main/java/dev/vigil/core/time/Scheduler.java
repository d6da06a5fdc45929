package dev.vigil.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.LoggerFactory;

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

    /**
     * Runs {@code task} after {@code first} and then every {@code period} until the returned handle is
     * cancelled. A task that throws is logged and runs again at its next turn: a periodic job never dies of
     * one bad run. The next run is scheduled when this one has started, so runs do not pile up on a slow clock.
     */
    default Scheduled every(Duration first, Duration period, Runnable task) {
        final class Repeating implements Scheduled, Runnable {
            private volatile boolean cancelled;
            private volatile Scheduled next;

            @Override
            public void run() {
                if (cancelled) {
                    return;
                }
                next = schedule(clock().instant().plus(period), this);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Scheduler.class).warn("a periodic task failed: {}", e.toString());
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
                Scheduled n = next;
                if (n != null) {
                    n.cancel();
                }
            }
        }
        Repeating r = new Repeating();
        r.next = schedule(clock().instant().plus(first), r);
        return r;
    }

    /** A pending task; cancelling a task that already ran does nothing. */
    interface Scheduled {
        void cancel();
    }
}

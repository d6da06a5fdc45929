package dev.vigil.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;

/**
 * Scheduler on simulated time: tasks run on the caller's thread, in time order, when the caller advances
 * the clock. A week of checks replays in milliseconds and every run is deterministic.
 */
public final class SimulatedScheduler implements Scheduler {
    private final SimulatedClock clock;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private long sequence;

    public SimulatedScheduler(SimulatedClock clock) {
        this.clock = clock;
    }

    public SimulatedScheduler(Instant start) {
        this(new SimulatedClock(start));
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    public SimulatedClock simulatedClock() {
        return clock;
    }

    @Override
    public synchronized Scheduled schedule(Instant at, Runnable task) {
        Instant due = at.isBefore(clock.instant()) ? clock.instant() : at;
        Pending pending = new Pending(due, sequence++, task);
        queue.add(pending);
        return () -> pending.cancelled = true;
    }

    /** Runs every task due up to {@code until} (inclusive), then leaves the clock at {@code until}. */
    public void runUntil(Instant until) {
        while (true) {
            Pending next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(until)) {
                    break;
                }
                queue.poll();
            }
            if (!next.cancelled) {
                clock.set(next.at);
                next.task.run();
            }
        }
        if (until.isAfter(clock.instant())) {
            clock.set(until);
        }
    }

    public void advance(Duration by) {
        runUntil(clock.instant().plus(by));
    }

    public synchronized int pending() {
        return (int) queue.stream().filter(p -> !p.cancelled).count();
    }

    private static final class Pending implements Comparable<Pending> {
        final Instant at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Pending(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Pending o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}

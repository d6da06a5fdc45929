package dev.vigil.metrics.collect;

import dev.vigil.core.text.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The busiest processes of each sample window (by CPU over the window, and by memory), kept for a week so a
 * spike on a graph can be blamed on a process ({@code backup.sh} at 04:30). Bounded: one snapshot per window.
 */
public final class TopProcesses {
    /** One process at one moment. */
    public record Proc(int pid, String name, String command, double cpuPercent, long rssBytes) {
        public Proc {
            command = Secrets.mask(command); // --password=..., curl -H 'Authorization: Bearer ...'
        }
    }

    /** The top processes of a window ending at {@code at}. */
    public record Snapshot(Instant at, List<Proc> byCpu, List<Proc> byMemory) {}

    private final Duration keep;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    public TopProcesses(Duration keep) {
        this.keep = keep;
    }

    /** Told of every new snapshot (to keep them beyond memory). */
    public void onSnapshot(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    void add(Snapshot s) {
        remember(s);
        for (var l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                // keeping a snapshot elsewhere failed; the one in memory still answers
            }
        }
    }

    private synchronized void remember(Snapshot s) {
        snapshots.addLast(s);
        while (!snapshots.isEmpty() && snapshots.peekFirst().at().isBefore(s.at().minus(keep))) {
            snapshots.pollFirst();
        }
    }

    /**
     * The snapshot of the window containing {@code at}: the first taken at or after it, within an hour (a
     * graph bucket is at most that wide in the ranges where snapshots exist). Empty for a moment not covered.
     */
    public synchronized Optional<Snapshot> at(Instant at) {
        for (Snapshot s : snapshots) {
            if (!s.at().isBefore(at)) {
                return s.at().isAfter(at.plus(Duration.ofHours(1))) ? Optional.empty() : Optional.of(s);
            }
        }
        Snapshot last = snapshots.peekLast();
        // Now (or a moment in the current window) is answered by the newest snapshot.
        return last != null && !at.isAfter(last.at().plus(Duration.ofHours(1))) ? Optional.of(last) : Optional.empty();
    }

    public synchronized int size() {
        return snapshots.size();
    }
}

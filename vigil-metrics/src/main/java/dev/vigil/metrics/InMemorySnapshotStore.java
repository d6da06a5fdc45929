package dev.vigil.metrics;

import dev.vigil.metrics.collect.TopProcesses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Process snapshots in memory: for tests and tools that keep nothing. */
public final class InMemorySnapshotStore implements SnapshotStore {
    private record Kept(String host, TopProcesses.Snapshot snapshot) {}

    private final List<Kept> kept = new ArrayList<>();

    @Override
    public synchronized void save(String host, TopProcesses.Snapshot snapshot) {
        kept.add(new Kept(host, snapshot));
    }

    /** The first snapshot taken at or after {@code at}, within an hour (the window that contains it). */
    @Override
    public synchronized Optional<TopProcesses.Snapshot> at(String host, Instant at) {
        return kept.stream().filter(k -> k.host().equals(host)).map(Kept::snapshot)
                .filter(s -> !s.at().isBefore(at) && !s.at().isAfter(at.plus(Duration.ofHours(1))))
                .min(Comparator.comparing(TopProcesses.Snapshot::at));
    }

    @Override
    public synchronized void prune(Instant before) {
        kept.removeIf(k -> k.snapshot().at().isBefore(before));
    }
}

package dev.vigil.metrics;

import dev.vigil.metrics.collect.TopProcesses;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the busiest-process snapshots are kept beyond the collector's week in memory, so "who made that
 * spike" has an answer after a restart and as far back as the pattern finder looks (five weeks).
 */
public interface SnapshotStore {
    void save(String host, TopProcesses.Snapshot snapshot);

    /** The snapshot of the window that contains {@code at}, if one was kept. */
    Optional<TopProcesses.Snapshot> at(String host, Instant at);

    /** Forgets snapshots older than {@code before}. */
    void prune(Instant before);
}

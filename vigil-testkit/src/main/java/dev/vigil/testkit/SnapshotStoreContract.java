package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.SnapshotStore;
import dev.vigil.metrics.collect.TopProcesses;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SnapshotStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class SnapshotStoreContract {
    private static final Instant T = Instant.parse("2026-11-26T04:30:00Z");

    /** A new, empty store (the same one for every call within a test). */
    protected abstract SnapshotStore store();

    private static TopProcesses.Snapshot snapshot(Instant at, String busiest) {
        var p = new TopProcesses.Proc(4242, busiest, "/usr/local/bin/" + busiest + ".sh --full", 97.5, 1 << 20);
        return new TopProcesses.Snapshot(at, List.of(p), List.of(p));
    }

    @Test
    void theSnapshotOfTheWindowContainingAMomentIsFoundPerHost() {
        store().save("shop", snapshot(T, "backup"));
        store().save("shop", snapshot(T.plusSeconds(600), "rsync"));
        store().save("db", snapshot(T, "postgres"));
        assertThat(store().at("shop", T.minusSeconds(30))).hasValueSatisfying(s -> assertThat(s.byCpu().get(0).name()).isEqualTo("backup"));
        assertThat(store().at("shop", T.plusSeconds(1))).hasValueSatisfying(s -> assertThat(s.byCpu().get(0).name()).isEqualTo("rsync"));
        assertThat(store().at("db", T)).hasValueSatisfying(s -> assertThat(s.byCpu().get(0).name()).isEqualTo("postgres"));
        assertThat(store().at("shop", T.minusSeconds(7200))).isEmpty();
        assertThat(store().at("web", T)).isEmpty();
    }

    @Test
    void pruningForgetsOlderSnapshots() {
        store().save("shop", snapshot(T, "backup"));
        store().save("shop", snapshot(T.plusSeconds(600), "rsync"));
        store().prune(T.plusSeconds(1));
        assertThat(store().at("shop", T.minusSeconds(30))).hasValueSatisfying(s -> assertThat(s.at()).isEqualTo(T.plusSeconds(600)));
    }
}

package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.collect.TopProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSnapshotsTest {
    @TempDir
    Path dir;

    /** The database under test, the same one each time within a test (reopened, it must hold what was written). */
    Database open() {
        return Database.open(dir);
    }

    @Test
    void snapshotsSurviveReopeningAreFoundByTheirWindowAndArePrunedByAge() {
        Instant t = Instant.parse("2026-11-26T04:30:00Z");
        TopProcesses.Proc backup = new TopProcesses.Proc(4242, "backup.sh", "/usr/local/bin/backup.sh --full", 97.5, 512L << 20);
        try (Database db = open()) {
            ProcessSnapshots s = new ProcessSnapshots(db);
            s.save("shop", new TopProcesses.Snapshot(t, List.of(backup), List.of(backup)));
            s.save("shop", new TopProcesses.Snapshot(t.plusSeconds(60), List.of(), List.of()));
        }
        try (Database db = open()) {
            ProcessSnapshots s = new ProcessSnapshots(db);
            assertThat(s.at("shop", t.minusSeconds(30))).hasValueSatisfying(snap -> {
                assertThat(snap.at()).isEqualTo(t);
                assertThat(snap.byCpu()).containsExactly(backup);
            });
            assertThat(s.at("shop", t.minus(Duration.ofHours(2)))).isEmpty(); // no window covers it
            assertThat(s.at("db", t)).isEmpty();
            assertThat(s.pruneCounting(t.plusSeconds(30))).isEqualTo(1);
            assertThat(s.at("shop", t.minusSeconds(30))).hasValueSatisfying(snap -> assertThat(snap.at()).isEqualTo(t.plusSeconds(60)));
        }
    }
}

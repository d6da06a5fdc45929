package dev.vigil.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {
    @Test
    void runsTasksInTimeOrderWithTheClockAtEachTasksInstant() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        SimulatedScheduler s = new SimulatedScheduler(t0);
        List<String> seen = new ArrayList<>();
        s.schedule(t0.plusSeconds(20), () -> seen.add("b@" + s.clock().instant().getEpochSecond()));
        s.schedule(t0.plusSeconds(10), () -> {
            seen.add("a@" + s.clock().instant().getEpochSecond());
            s.schedule(s.clock().instant().plusSeconds(5), () -> seen.add("c@" + s.clock().instant().getEpochSecond()));
        });
        var cancelled = s.schedule(t0.plusSeconds(12), () -> seen.add("never"));
        cancelled.cancel();
        s.advance(Duration.ofMinutes(1));
        long base = t0.getEpochSecond();
        assertThat(seen).containsExactly("a@" + (base + 10), "c@" + (base + 15), "b@" + (base + 20));
        assertThat(s.clock().instant()).isEqualTo(t0.plusSeconds(60));
    }

    @Test
    void aPeriodicTaskRunsEveryPeriodSurvivesAFailingRunAndStopsWhenCancelled() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        SimulatedScheduler s = new SimulatedScheduler(t0);
        List<Long> runs = new ArrayList<>();
        var handle = s.every(Duration.ofSeconds(5), Duration.ofSeconds(10), () -> {
            runs.add(s.clock().instant().getEpochSecond() - t0.getEpochSecond());
            if (runs.size() == 2) {
                throw new IllegalStateException("one bad run");
            }
        });
        s.advance(Duration.ofSeconds(36));
        assertThat(runs).containsExactly(5L, 15L, 25L, 35L);
        handle.cancel();
        s.advance(Duration.ofMinutes(5));
        assertThat(runs).hasSize(4);
    }
}

package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.metrics.store.RrdMetricStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A series nobody wrote to for longer than its year of archives is deleted; a quiet one is not. */
class MetricsSweepTest {
    @TempDir
    Path dir;

    @Test
    void onlySeriesSilentForLongerThanTheirArchivesAreDeleted() throws Exception {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        var scheduler = new SimulatedScheduler(now);
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            SeriesKey gone = new SeriesKey("shop", "oldservice.time");
            SeriesKey quiet = new SeriesKey("shop", "disk./mnt/usb.percent");
            SeriesKey live = new SeriesKey("shop", "load.1min");
            store.record(SeriesInfo.of(gone, "s", "perfdata"), now.minus(Duration.ofDays(400)), 1);
            store.record(SeriesInfo.of(quiet, "%", "local"), now.minus(Duration.ofDays(30)), 1);
            store.record(SeriesInfo.of(live, "", "local"), now.minusSeconds(60), 1);
            var runtime = new Metrics(scheduler, Runnable::run, store, new dev.vigil.core.event.InMemoryEventLog(), null);
            assertThat(runtime.sweep(now)).isEqualTo(1);
            assertThat(store.series("shop")).extracting(i -> i.key().name())
                    .containsExactlyInAnyOrder("disk./mnt/usb.percent", "load.1min");
        }
    }
}

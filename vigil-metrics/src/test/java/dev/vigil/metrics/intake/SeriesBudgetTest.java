package dev.vigil.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.store.RrdMetricStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client naming a new series in every line meets the budget; the series that exist keep taking samples. */
class SeriesBudgetTest {
    @TempDir
    Path dir;

    @Test
    void newSeriesPastTheBudgetAreRefusedAndKnownOnesStillTakeSamples() throws Exception {
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofSeconds(10))) {
            store.record(SeriesInfo.of(new SeriesKey("h", "existing"), "", "local"), Instant.parse("2026-12-03T12:00:00Z"), 1);
            SeriesBudget budget = new SeriesBudget(store, 2);
            Instant t = Instant.parse("2026-12-03T12:00:10Z");
            budget.record(SeriesInfo.of(new SeriesKey("h", "a"), "", "influx"), t, 1);
            budget.record(SeriesInfo.of(new SeriesKey("h", "b"), "", "influx"), t, 1);
            assertThatThrownBy(() -> budget.record(SeriesInfo.of(new SeriesKey("h", "c"), "", "influx"), t, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intake.max_series");
            budget.record(SeriesInfo.of(new SeriesKey("h", "a"), "", "influx"), t.plusSeconds(10), 2);
            budget.record(SeriesInfo.of(new SeriesKey("h", "existing"), "", "influx"), t.plusSeconds(10), 2);
            assertThat(store.series("h")).extracting(i -> i.key().name()).containsExactly("a", "b", "existing");
        }
    }
}

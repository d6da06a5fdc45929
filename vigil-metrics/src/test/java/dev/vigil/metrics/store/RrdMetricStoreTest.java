package dev.vigil.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RrdMetricStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void recordsAndQueriesWithGapsAsNaNAndSurvivesReopening() throws Exception {
        SeriesKey key = new SeriesKey("shop", "disk./.percent");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            for (int i = 0; i < 60; i++) {
                if (i >= 20 && i < 30) {
                    continue; // ten minutes without samples
                }
                store.record(new SeriesInfo(key, "%", 85, 95, 100, true, "local"), T0.plusSeconds(60L * i), 50 + i * 0.1);
            }
            store.record(SeriesInfo.of(key, "%", "local"), T0, 1); // older than the last sample: ignored
        }
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            assertThat(store.series("shop")).singleElement().satisfies(i -> {
                assertThat(i.unit()).isEqualTo("%");
                assertThat(i.capacity()).isTrue();
                assertThat(i.critical()).isEqualTo(95);
            });
            MetricStore.Points p = store.query(key, T0.plusSeconds(60), T0.plusSeconds(60 * 59), Duration.ofMinutes(1));
            assertThat(p.times().length).isGreaterThan(50);
            int nan = 0;
            for (double v : p.values()) {
                if (Double.isNaN(v)) {
                    nan++;
                }
            }
            assertThat(nan).isBetween(8, 13);
            assertThat(p.values()[5]).isBetween(50.0, 51.0);
            byte[] png = store.graph(key, T0, T0.plus(Duration.ofHours(1)), 400, 150);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(store.bytesPerSeries()).isPositive();
        }
    }

    @Test
    void namesCannotEscapeTheStore() {
        assertThatThrownBy(() -> new SeriesKey("shop", "../../etc/passwd")).hasMessageContaining("invalid series name");
        assertThatThrownBy(() -> new SeriesKey("..", "load")).hasMessageContaining("invalid host");
        assertThatThrownBy(() -> new SeriesKey("shop", "a\nb")).hasMessageContaining("invalid series name");
    }
}

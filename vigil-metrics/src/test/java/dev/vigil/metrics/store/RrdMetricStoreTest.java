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
    void pointsSentWhenTheSenderLikesAreEachTheValueOfTheirStepAndAnIsolatedOldOneStillShows() throws Exception {
        Instant now = Instant.now();
        SeriesKey backfilled = new SeriesKey("shop", "servers.shop.load");
        SeriesKey everyMinute = new SeriesKey("shop", "queue.depth");
        Instant threeDaysAgo = now.minus(Duration.ofDays(3));
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofSeconds(10))) {
            store.record(SeriesInfo.of(backfilled, "", "graphite"), threeDaysAgo, 2.5);
            Instant start = now.minus(Duration.ofMinutes(30));
            for (int i = 0; i < 30; i++) { // a point a minute: six steps apart, far past the collectors' heartbeat
                store.record(SeriesInfo.of(everyMinute, "", "influx"), start.plusSeconds(60L * i), i);
            }
            // Asked as the API asks by default (any step, four days up to now): the point is there.
            MetricStore.Points old = store.query(backfilled, now.minus(Duration.ofDays(4)), now, null);
            assertThat(java.util.Arrays.stream(old.values()).filter(v -> !Double.isNaN(v)).boxed().toList()).containsExactly(2.5);
            MetricStore.Points recent = store.query(everyMinute, start, start.plusSeconds(60 * 30), Duration.ofSeconds(10));
            long known = java.util.Arrays.stream(recent.values()).filter(v -> !Double.isNaN(v)).count();
            assertThat(known).as("each point fills its own 10 s step; the minute between is a gap").isBetween(28L, 30L);
            assertThat(java.util.Arrays.stream(recent.values()).filter(v -> !Double.isNaN(v)).max().orElseThrow()).isEqualTo(29.0);
        }
    }

    @Test
    void aServicesThresholdsDescribedOnTheCollectorsSeriesSurviveItsSamplesAndAReopening() throws Exception {
        SeriesKey key = new SeriesKey("shop", "disk./.percent");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            // The check ran before the collector's first sample: its thresholds wait for the series.
            store.describe(new SeriesInfo(key, "%", 85, 95, 100, true, "check"));
            assertThat(store.series("shop")).isEmpty();
            for (int i = 0; i < 5; i++) {
                store.record(SeriesInfo.of(key, "%", "local").asCapacity(100), T0.plusSeconds(60L * i), 40);
            }
            assertThat(store.info(key)).get().satisfies(i -> {
                assertThat(i.warning()).isEqualTo(85);
                assertThat(i.critical()).isEqualTo(95);
                assertThat(i.source()).isEqualTo("local");
            });
            store.describe(new SeriesInfo(key, "%", 80, Double.NaN, 100, true, "check")); // the config dropped critical
            store.record(SeriesInfo.of(key, "%", "local").asCapacity(100), T0.plusSeconds(600), 41);
        }
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            assertThat(store.info(key)).get().satisfies(i -> {
                assertThat(i.warning()).isEqualTo(80);
                assertThat(i.critical()).isNaN();
            });
            assertThat(store.lastSample(key)).contains(T0.plusSeconds(600));
        }
    }

    @Test
    void aRemovedSeriesIsGoneFromTheIndexAndTheDiskAlsoAfterReopening() throws Exception {
        SeriesKey gone = new SeriesKey("shop", "oldservice.time");
        SeriesKey kept = new SeriesKey("shop", "load.1min");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            store.record(SeriesInfo.of(gone, "s", "perfdata"), T0, 1);
            store.record(SeriesInfo.of(kept, "", "local"), T0, 1);
            Path file = store.file(gone);
            assertThat(file).exists();
            assertThat(store.remove(gone)).isTrue();
            assertThat(store.remove(gone)).isFalse();
            assertThat(file).doesNotExist();
            assertThat(store.lastSample(gone)).isEmpty();
        }
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            assertThat(store.series("shop")).extracting(i -> i.key().name()).containsExactly("load.1min");
            assertThat(store.lastSample(kept)).contains(T0); // read from the file of a series nobody opened yet
        }
    }

    @Test
    void namesCannotEscapeTheStore() {
        assertThatThrownBy(() -> new SeriesKey("shop", "../../etc/passwd")).hasMessageContaining("invalid series name");
        assertThatThrownBy(() -> new SeriesKey("..", "load")).hasMessageContaining("invalid host");
        assertThatThrownBy(() -> new SeriesKey("shop", "a\nb")).hasMessageContaining("invalid series name");
    }

    @Test
    void everyPointOfEveryRangeHasMinAtMostAvgAtMostMax() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 5; run++) {
            Path d = dir.resolve("prop" + run);
            try (RrdMetricStore store = new RrdMetricStore(d, Duration.ofMinutes(1))) {
                SeriesInfo info = new SeriesInfo(new SeriesKey("shop", "load.1min"), "", Double.NaN, Double.NaN, Double.NaN, false, "local");
                Instant t = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(random.nextInt(60));
                Instant end = t.plus(Duration.ofDays(3));
                while (t.isBefore(end)) {
                    store.record(info, t, random.nextDouble() * (random.nextInt(10) == 0 ? 50 : 2));
                    t = t.plusSeconds(40 + random.nextInt(40)); // jittered, like a real collector
                }
                for (Duration span : java.util.List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(2))) {
                    Instant to = end.minusSeconds(random.nextInt(3600));
                    Instant from = to.minus(span);
                    MetricStore.Band band = store.band(info.key(), from, to, Duration.ofSeconds(Math.max(1, span.toSeconds() / 600)));
                    int checked = 0;
                    for (int i = 0; i < band.times().length; i++) {
                        double lo = band.min()[i];
                        double avg = band.avg()[i];
                        double hi = band.max()[i];
                        if (Double.isNaN(avg)) {
                            continue;
                        }
                        assertThat(lo).as("run %d span %s point %d: min", run, span, i).isLessThanOrEqualTo(avg);
                        assertThat(hi).as("run %d span %s point %d: max", run, span, i).isGreaterThanOrEqualTo(avg);
                        checked++;
                    }
                    assertThat(checked).as("points with data, span %s", span).isGreaterThan(10);
                }
            }
        }
    }

    @Test
    void aYoungSeriesForecastHasItsLatestValueAsCurrent() throws Exception {
        try (RrdMetricStore store = new RrdMetricStore(dir.resolve("young"), Duration.ofMinutes(1))) {
            SeriesInfo info = new SeriesInfo(new SeriesKey("shop", "disk./.percent"), "%", 85, 95, 100, true, "local");
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            for (int i = 0; i < 10; i++) {
                store.record(info, t.plusSeconds(60L * i), 40 + i);
            }
            var f = dev.vigil.metrics.forecast.Forecast.of(store, info, t.plusSeconds(600));
            assertThat(f.current()).as("ten minutes of data, no consolidated hour yet").isBetween(40.0, 49.0);
        }
    }
}

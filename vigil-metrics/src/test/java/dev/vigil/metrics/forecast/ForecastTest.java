package dev.vigil.metrics.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.store.RrdMetricStore;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTest {
    private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

    @Test
    void aDiskGrowingOnePercentADayWithNoiseAndACleanupIsFullWhenExpected() {
        // 60 days of hourly samples: 40% two months ago, +1%/day, noise ±2%, a one-day cleanup dip 20 days ago.
        int n = 60 * 24;
        long[] t = new long[n];
        double[] v = new double[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            Instant at = NOW.minus(Duration.ofHours(n - i));
            t[i] = at.getEpochSecond();
            double days = i / 24.0;
            v[i] = 40 + days + (r.nextDouble() - 0.5) * 4 - (i > n - 21 * 24 && i < n - 20 * 24 ? 15 : 0);
        }
        Forecast f = Forecast.of(t, v, 100, NOW);
        // Now at ~100 - 40 = 60 days of growth -> 100%: full in about 0 days? No: at NOW it is ~100. Use capacity 130.
        Forecast g = Forecast.of(t, v, 130, NOW);
        assertThat(g.daysLeft()).isBetween(28.0, 32.0); // 130 - ~100 at 1%/day
        assertThat(g.slopePerDay()).isBetween(0.95, 1.05);
        assertThat(g.earliest()).isBefore(g.fullAt());
        assertThat(g.latest()).isAfter(g.fullAt());
        assertThat(f.daysLeft()).isLessThan(2.0);
    }

    // The story's backup: every Thursday at 04:30 it writes a 4 % dump and never purges; ±0.3 % noise. At
    // BACKUP_NOW (a Tuesday) the disk stands at 80 %. Full (98 %) is reached by the fifth backup from then,
    // at 100 %: Thursday 2026-12-24 04:30 UTC. A straight line would put it mid-week; the weekly model must
    // name that Thursday.
    private static final Instant BACKUP_NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant FIRST_BACKUP = Instant.parse("2026-10-22T04:30:00Z");
    private static final Instant DISK_FULL = Instant.parse("2026-12-24T04:30:00Z");

    private static double diskWithWeeklyBackups(Instant at, Random r) {
        long backups = at.isBefore(FIRST_BACKUP) ? 0 : Duration.between(FIRST_BACKUP, at).toDays() / 7 + 1;
        return 60 + 4 * backups + (r.nextDouble() - 0.5) * 0.6;
    }

    @Test
    void aDiskThatGrowsEveryThursdayWhenTheBackupRunsIsFullOnTheRightThursday() {
        int n = 35 * 96; // five weeks of 15-minute samples
        long[] t = new long[n];
        double[] v = new double[n];
        Random r = new Random(11);
        for (int i = 0; i < n; i++) {
            Instant at = BACKUP_NOW.minus(Duration.ofMinutes(15L * (n - i)));
            t[i] = at.getEpochSecond();
            v[i] = diskWithWeeklyBackups(at, r);
        }
        assertThat(v[n - 1]).isBetween(79.0, 81.0);
        Forecast f = Forecast.of(t, v, 98, BACKUP_NOW);
        assertThat(f.method()).isEqualTo("holt-winters");
        assertThat(Duration.between(DISK_FULL, f.fullAt()).abs()).isLessThanOrEqualTo(Duration.ofHours(3));
        assertThat(f.daysLeft()).isBetween(29.0, 30.0);
        assertThat(f.earliest()).isBeforeOrEqualTo(f.fullAt());
        assertThat(f.projection()).isNotEmpty();
        assertThat(f.projection().get(f.projection().size() - 1).value()).isGreaterThanOrEqualTo(98);
    }

    @Test
    void aStoredSeriesIsForecastFromTheFiveWeeksItsArchiveKeeps(@TempDir Path dir) throws Exception {
        SeriesKey key = new SeriesKey("shop", "disk./srv.percent");
        SeriesInfo info = new SeriesInfo(key, "%", 90, 95, 98, true, "local");
        Random r = new Random(3);
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            for (Instant at = BACKUP_NOW.minus(Duration.ofDays(36)); at.isBefore(BACKUP_NOW); at = at.plus(Duration.ofMinutes(2))) {
                store.record(info, at, diskWithWeeklyBackups(at, r));
            }
            Forecast f = Forecast.of(store, info, BACKUP_NOW);
            assertThat(f.capacity()).isEqualTo(98); // its maximum, not the 100 of a percentage
            assertThat(f.method()).isEqualTo("holt-winters");
            assertThat(Duration.between(DISK_FULL, f.fullAt()).abs()).isLessThanOrEqualTo(Duration.ofHours(3));
        }
    }

    @Test
    void aFlatOrShrinkingSeriesIsNotFilling() {
        long[] t = new long[100];
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            t[i] = NOW.minus(Duration.ofHours(100 - i)).getEpochSecond();
            v[i] = 70 - i * 0.01;
        }
        Forecast f = Forecast.of(t, v, 100, NOW);
        assertThat(f.daysLeft()).isNull();
        assertThat(f.fullAt()).isNull();
    }

    @Test
    void gapsAndTooFewPointsGiveNoForecast() {
        Forecast f = Forecast.of(new long[] {1, 2, 3}, new double[] {Double.NaN, 5, Double.NaN}, 100, NOW);
        assertThat(f.daysLeft()).isNull();
    }
}

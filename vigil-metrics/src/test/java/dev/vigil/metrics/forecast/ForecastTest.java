package dev.vigil.metrics.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

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

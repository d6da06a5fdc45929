package dev.vigil.metrics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearTest {
    /** The quantile as defined over the sorted values, interpolated between neighbours. */
    private static double sortedQuantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    @Test
    void quantilesBySelectionAreTheSortedOnesWithDuplicatesAndAnySize() {
        Random r = new Random(11);
        for (int n : new int[] {1, 2, 3, 4, 7, 100, 1001, 20_000}) {
            for (int round = 0; round < 5; round++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = round % 2 == 0 ? r.nextGaussian() : r.nextInt(5); // many ties in odd rounds
                }
                for (double q : new double[] {0, 0.25, 0.5, 0.75, 1}) {
                    assertThat(Linear.quantile(v.clone(), q)).as("n=%d q=%s", n, q).isCloseTo(sortedQuantile(v, q), within(1e-12));
                }
            }
        }
    }

    @Test
    void theLineThroughAFillingDiskHasItsSlopePerDay() {
        long[] t = new long[24 * 30];
        double[] v = new double[t.length];
        Random r = new Random(3);
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000L + i * 3600L;
            v[i] = 60 + 0.6 * i / 24.0 + r.nextGaussian() * 0.05;
        }
        Linear line = Linear.fit(t, v).orElseThrow();
        assertThat(line.slope()).isCloseTo(0.6, within(0.01));
        assertThat(line.q25()).isLessThanOrEqualTo(line.slope());
        assertThat(line.q75()).isGreaterThanOrEqualTo(line.slope());
    }

    @Test
    void aDiskThatDoesNotMoveHasNoForecastAndItsCurrentValue() {
        long[] t = new long[24 * 30];
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000L + i * 3600L;
            v[i] = 41.2;
        }
        Forecast f = Forecast.of(t, v, 100, java.time.Instant.ofEpochSecond(t[t.length - 1]));
        assertThat(f.daysLeft()).isNull();
        assertThat(f.current()).isEqualTo(41.2);
        assertThat(f.slopePerDay()).isZero();
    }
}

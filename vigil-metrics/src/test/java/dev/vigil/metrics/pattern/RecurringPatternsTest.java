package dev.vigil.metrics.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecurringPatternsTest {
    private static final Instant START = Instant.parse("2026-10-05T00:00:00Z"); // a Monday
    private static final int WEEKS = 6;
    private static final int STEP = 300;

    private static double[][] series(boolean withBackup, long seed) {
        int n = WEEKS * 7 * 24 * 3600 / STEP;
        double[] t = new double[n];
        double[] v = new double[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            long at = START.getEpochSecond() + (long) i * STEP;
            ZonedDateTime z = Instant.ofEpochSecond(at).atZone(ZoneOffset.UTC);
            double value = 1.0 + r.nextGaussian() * 0.15 + (r.nextDouble() < 0.002 ? 2.5 : 0); // rare random blips
            LocalTime lt = z.toLocalTime();
            if (withBackup && z.getDayOfWeek() == DayOfWeek.THURSDAY && !lt.isBefore(LocalTime.of(4, 25))
                    && lt.isBefore(LocalTime.of(4, 50))) {
                value = 6 + r.nextGaussian() * 0.3; // the weekly backup's load
            }
            t[i] = at;
            v[i] = value;
        }
        return new double[][] {t, v};
    }

    private static long[] times(double[] t) {
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = (long) t[i];
        }
        return out;
    }

    @Test
    void findsTheThursdayBackupSpikeAsOneWeeklyPattern() {
        double[][] s = series(true, 1);
        var found = RecurringPatterns.weekly(times(s[0]), s[1], Duration.ofSeconds(STEP), ZoneOffset.UTC);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.day()).isEqualTo(DayOfWeek.THURSDAY);
            assertThat(f.from()).isEqualTo(LocalTime.of(4, 25));
            assertThat(f.to()).isEqualTo(LocalTime.of(4, 50));
            assertThat(f.weeks()).isEqualTo(WEEKS);
            assertThat(f.describe("load.1min")).startsWith("load.1min spike every Thursday 04:25–04:50 for 6 weeks");
        });
    }

    @Test
    void pureNoiseWithRandomBlipsHasNoPattern() {
        for (long seed = 2; seed < 6; seed++) {
            double[][] s = series(false, seed);
            assertThat(RecurringPatterns.weekly(times(s[0]), s[1], Duration.ofSeconds(STEP), ZoneOffset.UTC)).isEmpty();
            assertThat(RecurringPatterns.daily(times(s[0]), s[1], Duration.ofSeconds(STEP), ZoneOffset.UTC)).isEmpty();
        }
    }
}

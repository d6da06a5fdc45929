package dev.vigil.metrics.forecast;

import java.util.Arrays;
import java.util.Optional;

/**
 * Additive Holt-Winters (level, trend, weekly season) on hourly buckets. It sees what a straight line cannot:
 * a disk that grows in steps every Thursday when the backup writes, or usage that swells on weekdays. The
 * smoothing constants are chosen by a small grid search on one-step-ahead error, so there is nothing to tune.
 */
final class HoltWinters {
    /** Hours in the season: one week. */
    static final int SEASON = 168;

    private static final double[] ALPHAS = {0.05, 0.15, 0.3, 0.6};
    private static final double[] BETAS = {0.001, 0.01, 0.05};
    private static final double[] GAMMAS = {0.05, 0.2, 0.5, 0.9};

    /**
     * A fitted model at the end of the data.
     *
     * @param lastHour the epoch hour of the last bucket the model has seen
     * @param season the seasonal offsets indexed by epoch hour modulo {@link #SEASON}
     * @param sigma the root mean square of one-step-ahead errors
     */
    record Fit(long lastHour, double level, double trend, double[] season, double sigma, double alpha, double beta) {
        /** The value expected {@code h} hours after the last bucket. */
        double predict(int h) {
            return level + h * trend + season[(int) Math.floorMod(lastHour + h, (long) SEASON)];
        }

        /**
         * The spread of that prediction: the one-step error grown as Holt's linear method grows it with the
         * horizon (an approximation for the seasonal model, good enough for a band drawn around a date).
         */
        double spread(int h) {
            double growth = 1 + (h - 1) * alpha * alpha * (1 + h * beta + h * (2.0 * h - 1) * beta * beta / 6);
            return sigma * Math.sqrt(growth);
        }
    }

    private HoltWinters() {}

    /** Fits the series (epoch seconds, values with NaN gaps); empty with fewer than two weeks of hourly data. */
    static Optional<Fit> fit(long[] times, double[] values) {
        Hourly h = Hourly.of(times, values);
        if (h == null || h.values.length < 2 * SEASON) {
            return Optional.empty();
        }
        Fit best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (double a : ALPHAS) {
            for (double b : BETAS) {
                for (double g : GAMMAS) {
                    double[] sse = new double[1];
                    Fit f = run(h, a, b, g, sse);
                    if (sse[0] < bestSse) {
                        bestSse = sse[0];
                        best = f;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** One pass of the recurrences from a start estimated on the first two weeks; sse[0] gets the error sum. */
    private static Fit run(Hourly h, double alpha, double beta, double gamma, double[] sse) {
        double[] y = h.values;
        double m1 = mean(y, 0, SEASON);
        double m2 = mean(y, SEASON, 2 * SEASON);
        double trend = (m2 - m1) / SEASON;
        // The season is what is left after the week's mean and the trend within the week are taken out; without
        // removing the within-week trend a growing series would read its own growth as a weekly shape.
        double[] season = new double[SEASON];
        double centre = (SEASON - 1) / 2.0;
        for (int i = 0; i < SEASON; i++) {
            double first = y[i] - (m1 + trend * (i - centre));
            double second = y[i + SEASON] - (m2 + trend * (i - centre));
            season[(int) Math.floorMod(h.firstHour + i, (long) SEASON)] = (first + second) / 2;
        }
        double shift = mean(season, 0, SEASON);
        for (int i = 0; i < SEASON; i++) {
            season[i] -= shift;
        }
        double level = m2 + trend * (SEASON - 1 - centre);
        double sum = 0;
        int n = 0;
        for (int t = 2 * SEASON; t < y.length; t++) {
            int s = (int) Math.floorMod(h.firstHour + t, (long) SEASON);
            double predicted = level + trend + season[s];
            double err = y[t] - predicted;
            sum += err * err;
            n++;
            double previous = level;
            level = alpha * (y[t] - season[s]) + (1 - alpha) * (level + trend);
            trend = beta * (level - previous) + (1 - beta) * trend;
            season[s] = gamma * (y[t] - level) + (1 - gamma) * season[s];
        }
        sse[0] = n == 0 ? 0 : sum;
        double sigma = n == 0 ? 0 : Math.sqrt(sum / n);
        return new Fit(h.firstHour + y.length - 1, level, trend, season, sigma, alpha, beta);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    /** The series averaged into whole hours, gaps filled by a straight line between their neighbours. */
    private record Hourly(long firstHour, double[] values) {
        static Hourly of(long[] times, double[] values) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < times.length; i++) {
                if (Double.isFinite(values[i])) {
                    first = Math.min(first, Math.floorDiv(times[i], 3600));
                    last = Math.max(last, Math.floorDiv(times[i], 3600));
                }
            }
            if (first == Long.MAX_VALUE || last - first + 1 > 3 * 366 * 24) {
                return null;
            }
            int n = (int) (last - first + 1);
            double[] sum = new double[n];
            int[] count = new int[n];
            for (int i = 0; i < times.length; i++) {
                if (Double.isFinite(values[i])) {
                    int b = (int) (Math.floorDiv(times[i], 3600) - first);
                    sum[b] += values[i];
                    count[b]++;
                }
            }
            double[] v = new double[n];
            Arrays.fill(v, Double.NaN);
            for (int i = 0; i < n; i++) {
                if (count[i] > 0) {
                    v[i] = sum[i] / count[i];
                }
            }
            int prev = 0;
            for (int i = 1; i < n; i++) {
                if (!Double.isNaN(v[i])) {
                    for (int j = prev + 1; j < i; j++) {
                        v[j] = v[prev] + (v[i] - v[prev]) * (j - prev) / (i - prev);
                    }
                    prev = i;
                }
            }
            return new Hourly(first, v);
        }
    }
}

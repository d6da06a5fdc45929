package dev.vigil.metrics.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When a growing series reaches its capacity, by a robust linear trend (Theil–Sen: the median of the slopes
 * between pairs of points, so one spike or one cleanup does not swing it). The band comes from the slopes'
 * quartiles.
 *
 * @param daysLeft days from {@code now} until full at the median slope; null when not filling
 * @param fullAt when that is; null when not filling
 * @param earliest / latest the band: full at the 75th / 25th percentile slope (null when not filling)
 */
public record Forecast(Double daysLeft, Instant fullAt, Instant earliest, Instant latest, double slopePerDay,
                       double current, double capacity) {

    /** Pairs examined at most: Theil–Sen is quadratic, so long series are thinned evenly first. */
    private static final int MAX_POINTS = 400;

    public static Forecast of(long[] times, double[] values, double capacity, Instant now) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (!Double.isNaN(values[i]) && !Double.isInfinite(values[i])) {
                pts.add(new double[] {times[i] / 86_400.0, values[i]});
            }
        }
        if (pts.size() < 3 || Double.isNaN(capacity)) {
            return new Forecast(null, null, null, null, 0, pts.isEmpty() ? Double.NaN : pts.get(pts.size() - 1)[1], capacity);
        }
        if (pts.size() > MAX_POINTS) {
            List<double[]> thin = new ArrayList<>();
            double every = pts.size() / (double) MAX_POINTS;
            for (int i = 0; i < MAX_POINTS; i++) {
                thin.add(pts.get((int) (i * every)));
            }
            thin.add(pts.get(pts.size() - 1));
            pts = thin;
        }
        double[] slopes = new double[pts.size() * (pts.size() - 1) / 2];
        int n = 0;
        for (int i = 0; i < pts.size(); i++) {
            for (int j = i + 1; j < pts.size(); j++) {
                double dx = pts.get(j)[0] - pts.get(i)[0];
                if (dx > 0) {
                    slopes[n++] = (pts.get(j)[1] - pts.get(i)[1]) / dx;
                }
            }
        }
        double[] s = Arrays.copyOf(slopes, n);
        Arrays.sort(s);
        double median = quantile(s, 0.5);
        double q25 = quantile(s, 0.25);
        double q75 = quantile(s, 0.75);
        // The line through the median of (y - slope * x), evaluated now, is the robust "current" level.
        double[] intercepts = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            intercepts[i] = pts.get(i)[1] - median * pts.get(i)[0];
        }
        Arrays.sort(intercepts);
        double nowDays = now.getEpochSecond() / 86_400.0;
        double current = quantile(intercepts, 0.5) + median * nowDays;
        if (median <= 0) {
            return new Forecast(null, null, null, null, median, current, capacity);
        }
        double days = Math.max(0, (capacity - current) / median);
        return new Forecast(days, now.plus(Duration.ofSeconds((long) (days * 86_400))),
                q75 > 0 ? now.plus(Duration.ofSeconds((long) (Math.max(0, (capacity - current) / q75) * 86_400))) : null,
                q25 > 0 ? now.plus(Duration.ofSeconds((long) (Math.max(0, (capacity - current) / q25) * 86_400))) : null,
                median, current, capacity);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

package dev.vigil.metrics.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A robust straight line (Theil–Sen: the median of the slopes between pairs of points, so one spike or one
 * cleanup does not swing it), in value per day. The slopes' quartiles give the band.
 */
record Linear(double slope, double intercept, double q25, double q75) {

    /** Pairs examined at most: Theil–Sen is quadratic, so long series are thinned evenly first. */
    private static final int MAX_POINTS = 200; // n²/2 slopes: 20,000, a millisecond; hourly over 35 days thinned to every 4 h

    /** The value the line gives at a time in epoch days. */
    double at(double epochDays) {
        return intercept + slope * epochDays;
    }

    /** Fits the finite points; empty with fewer than three. */
    static Optional<Linear> fit(long[] times, double[] values) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (Double.isFinite(values[i])) {
                pts.add(new double[] {times[i] / 86_400.0, values[i]});
            }
        }
        if (pts.size() < 3) {
            return Optional.empty();
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
        double[] s = Arrays.copyOf(slopes, n); // three quantiles by selection: sorting 20,000 slopes hourly per disk was the cost
        double median = quantile(s, 0.5);
        // The line through the median of (y - slope * x) is the robust level.
        double[] intercepts = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            intercepts[i] = pts.get(i)[1] - median * pts.get(i)[0];
        }
        return Optional.of(new Linear(median, quantile(intercepts, 0.5), quantile(s, 0.25), quantile(s, 0.75)));
    }

    /** The q-quantile, interpolated between neighbours as over the sorted values; reorders {@code a}. */
    static double quantile(double[] a, double q) {
        if (a.length == 0) {
            return 0;
        }
        double pos = q * (a.length - 1);
        int lo = (int) Math.floor(pos);
        double low = select(a, lo);
        if (lo + 1 >= a.length || pos == lo) {
            return low;
        }
        double high = Double.POSITIVE_INFINITY; // after selecting lo, everything right of it is at least a[lo]
        for (int i = lo + 1; i < a.length; i++) {
            high = Math.min(high, a[i]);
        }
        return low + (high - low) * (pos - lo);
    }

    /** The k-th smallest (Hoare's selection), leaving smaller values left of k and larger right. */
    private static double select(double[] a, int k) {
        int left = 0;
        int right = a.length - 1;
        while (left < right) {
            double pivot = a[(left + right) >>> 1];
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}

package dev.vigil.metrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where numbers over time are kept. The embedded implementation is RRD4J; others (remote write) may follow. */
public interface MetricStore extends Recorder, AutoCloseable {

    /** Records one value; a series is created on first sight. Samples older than the series' last one are ignored. */
    @Override
    void record(SeriesInfo info, Instant at, double value);

    List<SeriesInfo> series(String host);

    /**
     * Sets what a check knows about a series someone else records (the service's thresholds on the local
     * collector's {@code load.1min}). Thresholds given replace the known ones; a series not yet created takes
     * them when its first sample arrives.
     */
    void describe(SeriesInfo info);

    /** When the series last got a sample; empty for an unknown series. */
    Optional<Instant> lastSample(SeriesKey key);

    /** Forgets a series and deletes its numbers; false when there was no such series. */
    boolean remove(SeriesKey key);

    Optional<SeriesInfo> info(SeriesKey key);

    /** Values between {@code from} and {@code to}, average-consolidated at {@code step} (or the best available). */
    Points query(SeriesKey key, Instant from, Instant to, Duration step) throws IOException;

    /** The same with a consolidation: "AVERAGE", "MIN" or "MAX" (Munin's three lines). */
    Points query(SeriesKey key, Instant from, Instant to, Duration step, String consolidation) throws IOException;

    /**
     * Munin's three lines over a range, on the average's timestamps, with {@code min <= avg <= max} at every
     * point. The three consolidations may come from archives of different resolutions (a 15-minute average
     * beside 30-minute minima), so min and max are matched by time, never by position: each average point
     * takes the min and max of the bucket that contains it, and the guarantee is enforced at the end.
     */
    default Band band(SeriesKey key, Instant from, Instant to, Duration step) throws IOException {
        Points avg = query(key, from, to, step, "AVERAGE");
        Points min = query(key, from, to, step, "MIN");
        Points max = query(key, from, to, step, "MAX");
        int n = avg.times().length;
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            double a = avg.values()[i];
            double l = Band.covering(min, avg.times()[i]);
            double h = Band.covering(max, avg.times()[i]);
            // Interpolated primary points can put a sub-bucket's average just past its coarse bucket's extremes.
            lo[i] = Double.isNaN(a) ? l : Double.isNaN(l) ? a : Math.min(l, a);
            hi[i] = Double.isNaN(a) ? h : Double.isNaN(h) ? a : Math.max(h, a);
        }
        return new Band(avg.times(), lo, avg.values(), hi);
    }

    /** Min, average and max on the same timestamps (epoch seconds; NaN for gaps). */
    record Band(long[] times, double[] min, double[] avg, double[] max) {
        /**
         * The value of the bucket of {@code p} that holds time {@code t}: RRD stamps a bucket with its end, so
         * that is the first timestamp at or after {@code t}.
         */
        static double covering(Points p, long t) {
            long[] times = p.times();
            int i = Arrays.binarySearch(times, t);
            if (i < 0) {
                i = -i - 1;
            }
            if (i >= times.length) {
                return Double.NaN;
            }
            long width = times.length > 1 ? times[1] - times[0] : Long.MAX_VALUE;
            return times[i] - t < width ? p.values()[i] : Double.NaN;
        }
    }

    /** A PNG graph of the series over the range, with min/avg/max and its warning/critical lines. */
    byte[] graph(SeriesKey key, Instant from, Instant to, int width, int height) throws IOException;

    @Override
    void close();

    /** Points of a range: timestamps in epoch seconds, values (NaN for gaps). */
    record Points(long[] times, double[] values) {}
}

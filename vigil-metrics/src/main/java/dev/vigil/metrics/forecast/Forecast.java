package dev.vigil.metrics.forecast;

import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * When a growing series reaches its capacity. Two models are fitted: a robust straight line (Theil–Sen) and
 * Holt-Winters with a weekly season; the one that better predicted the last week of history, from the weeks
 * before it, makes the forecast. The straight line wins on short or shapeless histories; Holt-Winters wins
 * when growth comes in weekly steps (a backup that writes every Thursday), where it names the right day.
 *
 * @param method "linear" or "holt-winters"
 * @param daysLeft days from {@code now} until full; null when not filling (within a year)
 * @param fullAt when that is; null when not filling
 * @param earliest / latest the band around {@code fullAt} (null when not known)
 * @param projection the expected values from now until full (or 30 days), for drawing a dashed line
 */
public record Forecast(String method, Double daysLeft, Instant fullAt, Instant earliest, Instant latest,
                       double slopePerDay, double current, double capacity, List<Point> projection) {

    /** One projected value. */
    public record Point(long epochSecond, double value) {}

    /** The history kept back to judge which model predicts better. */
    private static final long HOLDOUT = 7 * 86_400L;
    /** How far ahead a crossing is searched for and a projection drawn. */
    private static final int MAX_HOURS = 366 * 24;
    private static final int PROJECTION_POINTS = 120;

    /**
     * The forecast of a stored series from its last five weeks (what the 15-minute archive holds). Its capacity
     * is its maximum when known, 100 for a percentage, and otherwise unknown (no forecast).
     */
    public static Forecast of(MetricStore store, SeriesInfo info, Instant now) throws IOException {
        MetricStore.Points p = store.query(info.key(), now.minus(Duration.ofDays(35)), now, Duration.ofHours(1));
        Forecast f = of(p.times(), p.values(), capacity(info), now);
        if (Double.isNaN(f.current())) {
            // A young series has no consolidated hour yet: its current value is its latest sample.
            MetricStore.Points recent = store.query(info.key(), now.minus(Duration.ofHours(1)), now, null);
            double last = lastFinite(recent.values());
            if (!Double.isNaN(last)) {
                f = new Forecast(f.method(), f.daysLeft(), f.fullAt(), f.earliest(), f.latest(), f.slopePerDay(), last,
                        f.capacity(), f.projection());
            }
        }
        return f;
    }

    /** Whether every finite value is the same (and there are at least three). */
    private static boolean flat(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
        }
        return n >= 3 && max - min == 0;
    }

    private static double lastFinite(double[] values) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (Double.isFinite(values[i])) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    /** What a series fills up to: its maximum when known, 100 for a percentage, otherwise NaN. */
    public static double capacity(SeriesInfo info) {
        return !Double.isNaN(info.max()) ? info.max() : "%".equals(info.unit()) ? 100 : Double.NaN;
    }

    public static Forecast of(long[] times, double[] values, double capacity, Instant now) {
        if (flat(values)) {
            // Most disks do not move for weeks: nothing to fit (the fits are the cost of the hourly forecasts).
            return new Forecast("linear", null, null, null, null, 0, lastFinite(values), capacity, List.of());
        }
        Optional<Linear> line = Linear.fit(times, values);
        if (line.isEmpty() || Double.isNaN(capacity)) {
            return new Forecast("linear", null, null, null, null, 0, lastFinite(values), capacity, List.of());
        }
        Optional<HoltWinters.Fit> seasonal = HoltWinters.fit(times, values);
        if (seasonal.isPresent() && seasonalPredictsBetter(times, values)) {
            return fromSeasonal(seasonal.get(), line.get(), capacity, now);
        }
        return fromLine(line.get(), capacity, now);
    }

    /** Both models fitted on all but the last week, scored by mean absolute error on that week. */
    private static boolean seasonalPredictsBetter(long[] times, double[] values) {
        long end = Long.MIN_VALUE;
        for (int i = 0; i < times.length; i++) {
            if (Double.isFinite(values[i])) {
                end = Math.max(end, times[i]);
            }
        }
        long cut = end - HOLDOUT;
        int n = 0;
        while (n < times.length && times[n] <= cut) {
            n++;
        }
        long[] trainT = Arrays.copyOf(times, n);
        double[] trainV = Arrays.copyOf(values, n);
        Optional<HoltWinters.Fit> hw = HoltWinters.fit(trainT, trainV);
        Optional<Linear> line = Linear.fit(trainT, trainV);
        if (hw.isEmpty() || line.isEmpty()) {
            return false;
        }
        double errHw = 0;
        double errLine = 0;
        int count = 0;
        for (int i = n; i < times.length; i++) {
            if (Double.isFinite(values[i])) {
                int h = (int) Math.max(1, Math.floorDiv(times[i], 3600) - hw.get().lastHour());
                errHw += Math.abs(values[i] - hw.get().predict(h));
                errLine += Math.abs(values[i] - line.get().at(times[i] / 86_400.0));
                count++;
            }
        }
        return count > 0 && errHw < errLine;
    }

    private static Forecast fromSeasonal(HoltWinters.Fit f, Linear line, double capacity, Instant now) {
        long nowHour = Math.floorDiv(now.getEpochSecond(), 3600);
        int start = (int) Math.max(1, nowHour - f.lastHour());
        Integer full = null;
        Integer early = null;
        Integer late = null;
        for (int h = start; h <= start + MAX_HOURS && late == null; h++) {
            double v = f.predict(h);
            double spread = 1.28 * f.spread(h); // an 80 % band
            if (early == null && v + spread >= capacity) {
                early = h;
            }
            if (full == null && v >= capacity) {
                full = h;
            }
            if (v - spread >= capacity) {
                late = h;
            }
        }
        double current = f.predict(start);
        int until = full != null ? full : start + 30 * 24;
        List<Point> projection = new ArrayList<>();
        int every = Math.max(1, (until - start) / PROJECTION_POINTS);
        for (int h = start; h < until; h += every) {
            projection.add(new Point((f.lastHour() + h) * 3600, f.predict(h)));
        }
        projection.add(new Point((f.lastHour() + until) * 3600, f.predict(until)));
        if (full == null) {
            return new Forecast("holt-winters", null, null, null, null, f.trend() * 24, current, capacity, projection);
        }
        Instant fullAt = Instant.ofEpochSecond((f.lastHour() + full) * 3600);
        Instant earliest = Instant.ofEpochSecond((f.lastHour() + early) * 3600);
        Instant latest = late == null ? null : Instant.ofEpochSecond((f.lastHour() + late) * 3600);
        double days = Math.max(0, Duration.between(now, fullAt).toSeconds() / 86_400.0);
        return new Forecast("holt-winters", days, fullAt, earliest, latest, f.trend() * 24, current, capacity, projection);
    }

    private static Forecast fromLine(Linear line, double capacity, Instant now) {
        double nowDays = now.getEpochSecond() / 86_400.0;
        double current = line.at(nowDays);
        if (line.slope() <= 0 || (capacity - current) / line.slope() > MAX_HOURS / 24.0) {
            return new Forecast("linear", null, null, null, null, line.slope(), current, capacity,
                    project(line, now, now.plus(Duration.ofDays(30))));
        }
        double days = Math.max(0, (capacity - current) / line.slope());
        Instant fullAt = now.plus(Duration.ofSeconds((long) (days * 86_400)));
        return new Forecast("linear", days, fullAt,
                line.q75() > 0 ? now.plus(Duration.ofSeconds((long) (Math.max(0, (capacity - current) / line.q75()) * 86_400))) : null,
                line.q25() > 0 ? now.plus(Duration.ofSeconds((long) (Math.max(0, (capacity - current) / line.q25()) * 86_400))) : null,
                line.slope(), current, capacity, project(line, now, fullAt));
    }

    private static List<Point> project(Linear line, Instant from, Instant to) {
        long a = from.getEpochSecond();
        long b = Math.max(a, to.getEpochSecond());
        List<Point> out = new ArrayList<>();
        for (int i = 0; i <= PROJECTION_POINTS; i++) {
            long t = a + (b - a) * i / PROJECTION_POINTS;
            out.add(new Point(t, line.at(t / 86_400.0)));
            if (a == b) {
                break;
            }
        }
        return out;
    }
}

package dev.vigil.metrics.intake;

import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * StatsD's aggregation, as its daemon does it: what arrives in a flush interval becomes one sample per series at the
 * flush. A counter gives {@code NAME.count} (scaled by its sample rate) and {@code NAME.rate} (per second); a gauge
 * {@code NAME} (kept between flushes, so + and - change it); a timer {@code NAME.count}, {@code .mean}, {@code .min},
 * {@code .max} and one {@code .pNN} per configured percentile, exact over the interval's values (a uniform reservoir of
 * {@value #RESERVOIR} past that); a set {@code NAME.count}, its distinct members. Tags follow the name
 * ({@code shop.checkout.time.p95,env=prod}); a {@code host} tag picks the host. Memory is bounded: at most
 * {@code maxSeries} metrics an interval (more are dropped and counted).
 */
final class StatsdAggregator {
    static final int RESERVOIR = 10_000;
    private static final int MAX_SET = 100_000;

    private record Key(String host, String name, String tags, StatsdLine.Type type) {}

    private static final class Timer {
        double[] values = new double[64];
        int kept;
        long seen;
        double count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;

        void add(double v, double rate) {
            seen++;
            count += 1 / rate;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (kept < RESERVOIR) {
                if (kept == values.length) {
                    values = Arrays.copyOf(values, Math.min(RESERVOIR, values.length * 2));
                }
                values[kept++] = v;
            } else {
                long j = ThreadLocalRandom.current().nextLong(seen);
                if (j < RESERVOIR) {
                    values[(int) j] = v;
                }
            }
        }
    }

    private final String defaultHost;
    private final List<Double> percentiles;
    private final int maxSeries;
    private Map<Key, double[]> counters = new HashMap<>();
    private Map<Key, Timer> timers = new HashMap<>();
    private Map<Key, Set<String>> sets = new HashMap<>();
    private final Map<Key, double[]> gauges = new HashMap<>();
    private final Set<Key> gaugesSet = new HashSet<>();
    private long dropped;

    StatsdAggregator(String defaultHost, List<Double> percentiles, int maxSeries) {
        this.defaultHost = defaultHost;
        this.percentiles = List.copyOf(percentiles);
        this.maxSeries = maxSeries;
    }

    /**
     * Takes one metric; false when it was dropped (too many series this interval). Throws {@link IllegalArgumentException}
     * for a name or tag no series can have.
     */
    synchronized boolean add(StatsdLine m) {
        String host = m.tags().getOrDefault("host", defaultHost);
        Key key = new Key(host, m.name(), Tags.name("", m.tags()), m.type());
        new SeriesKey(host, m.name() + key.tags()); // a name no series can have is refused here, where it is counted
        if (!known(key) && size() >= maxSeries) {
            dropped++;
            return false;
        }
        switch (m.type()) {
            case COUNTER -> counters.computeIfAbsent(key, k -> new double[1])[0] += m.value() / m.rate();
            case GAUGE -> {
                double[] g = gauges.computeIfAbsent(key, k -> new double[1]);
                g[0] = m.delta() ? g[0] + m.value() : m.value();
                gaugesSet.add(key);
            }
            case TIMER -> timers.computeIfAbsent(key, k -> new Timer()).add(m.value(), m.rate());
            case SET -> {
                Set<String> s = sets.computeIfAbsent(key, k -> new HashSet<>());
                if (s.size() < MAX_SET) {
                    s.add(m.member());
                }
            }
        }
        return true;
    }

    private boolean known(Key k) {
        return counters.containsKey(k) || timers.containsKey(k) || sets.containsKey(k) || gauges.containsKey(k);
    }

    private int size() {
        return counters.size() + timers.size() + sets.size() + gaugesSet.size();
    }

    /** Metrics dropped since the last call. */
    synchronized long dropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }

    /** Records the interval that ends at {@code at} ({@code interval} long) and starts the next one. */
    void flush(Recorder out, Instant at, Duration interval) {
        Map<Key, double[]> c;
        Map<Key, Timer> t;
        Map<Key, Set<String>> s;
        Map<Key, Double> g = new HashMap<>();
        synchronized (this) {
            c = counters;
            t = timers;
            s = sets;
            counters = new HashMap<>();
            timers = new HashMap<>();
            sets = new HashMap<>();
            gaugesSet.forEach(k -> g.put(k, gauges.get(k)[0]));
            gaugesSet.clear();
        }
        double seconds = Math.max(1, interval.toMillis() / 1000.0);
        c.forEach((k, v) -> {
            record(out, k, ".count", "", at, v[0]);
            record(out, k, ".rate", "/s", at, v[0] / seconds);
        });
        g.forEach((k, v) -> record(out, k, "", "", at, v));
        s.forEach((k, v) -> record(out, k, ".count", "", at, v.size()));
        t.forEach((k, v) -> {
            double[] sorted = Arrays.copyOf(v.values, v.kept);
            Arrays.sort(sorted);
            record(out, k, ".count", "", at, v.count);
            record(out, k, ".mean", "ms", at, v.sum / v.seen);
            record(out, k, ".min", "ms", at, v.min);
            record(out, k, ".max", "ms", at, v.max);
            for (double p : percentiles) {
                // Nearest rank, as StatsD's own percentiles are.
                int rank = (int) Math.ceil(p / 100 * sorted.length);
                record(out, k, ".p" + label(p), "ms", at, sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
            }
        });
    }

    private static String label(double p) {
        return p == Math.rint(p) ? Integer.toString((int) p) : String.format(Locale.ROOT, "%s", p).replace('.', '_');
    }

    private static void record(Recorder out, Key k, String suffix, String unit, Instant at, double value) {
        try {
            out.record(SeriesInfo.of(new SeriesKey(k.host(), k.name() + suffix + k.tags()), unit, "statsd"), at, value);
        } catch (IllegalArgumentException e) {
            // a name no series can have: counted where the line was read (it cannot reach here twice)
        }
    }
}

package dev.vigil.metrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where numbers over time are kept. The embedded implementation is RRD4J; others (remote write) may follow. */
public interface MetricStore extends AutoCloseable {

    /** Records one value; a series is created on first sight. Samples older than the series' last one are ignored. */
    void record(SeriesInfo info, Instant at, double value);

    List<SeriesInfo> series(String host);

    Optional<SeriesInfo> info(SeriesKey key);

    /** Values between {@code from} and {@code to}, average-consolidated at {@code step} (or the best available). */
    Points query(SeriesKey key, Instant from, Instant to, Duration step) throws IOException;

    /** The same with a consolidation: "AVERAGE", "MIN" or "MAX" (Munin's three lines). */
    Points query(SeriesKey key, Instant from, Instant to, Duration step, String consolidation) throws IOException;

    /** A PNG graph of the series over the range, with min/avg/max and its warning/critical lines. */
    byte[] graph(SeriesKey key, Instant from, Instant to, int width, int height) throws IOException;

    @Override
    void close();

    /** Points of a range: timestamps in epoch seconds, values (NaN for gaps). */
    record Points(long[] times, double[] values) {}
}

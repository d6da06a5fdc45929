package dev.vigil.metrics.intake;

import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many series what applications send may create (each is a file): past {@code max} new ones, a sample of a
 * series not yet kept is refused, so a client naming a new series in every line cannot fill the disk. Series that
 * exist take samples as always.
 */
public final class SeriesBudget implements Recorder {
    private final MetricStore store;
    private final int max;
    private final Set<SeriesKey> created = ConcurrentHashMap.newKeySet();

    public SeriesBudget(MetricStore store, int max) {
        this.store = store;
        this.max = max;
    }

    /** Throws {@link IllegalArgumentException} for a new series past the budget (the caller counts it as refused). */
    @Override
    public void record(SeriesInfo info, Instant at, double value) {
        SeriesKey key = info.key();
        if (!created.contains(key) && store.info(key).isEmpty()) {
            if (created.size() >= max) {
                throw new IllegalArgumentException("no new series: the intake may create " + max + " (intake.max_series)");
            }
            created.add(key);
        }
        store.record(info, at, value);
    }
}

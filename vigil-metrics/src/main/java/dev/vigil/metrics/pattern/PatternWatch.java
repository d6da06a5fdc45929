package dev.vigil.metrics.pattern;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.Severity;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Looks through five weeks of 15-minute history of the busy-ness series (load, CPU) for spikes that recur at
 * the same time every week, and reports each pattern once, as an INFO event, instead of one alert a week:
 * "load.1min spike every Thursday 04:30–04:45 for 5 weeks".
 */
public final class PatternWatch {
    static final Duration HISTORY = Duration.ofDays(35);
    static final Duration STEP = Duration.ofMinutes(15);

    private final MetricStore store;
    private final ZoneId zone;
    private final Predicate<SeriesInfo> watched;
    private final Set<String> reported = new HashSet<>();

    public PatternWatch(MetricStore store, ZoneId zone, Predicate<SeriesInfo> watched) {
        this.store = store;
        this.zone = zone;
        this.watched = watched;
    }

    /** The series Vigil watches by default: load and the busy CPU states of every host. */
    public static boolean busySeries(SeriesInfo i) {
        String n = i.key().name();
        return n.equals("load.1min") || n.equals("cpu.user") || n.equals("cpu.system") || n.equals("cpu.iowait");
    }

    /** New findings since the last run, as events (each pattern is reported once per process). */
    public synchronized List<Event> scan(Instant now) {
        List<Event> out = new ArrayList<>();
        for (SeriesInfo info : store.series(null)) {
            if (!watched.test(info)) {
                continue;
            }
            MetricStore.Points p;
            try {
                p = store.query(info.key(), now.minus(HISTORY), now, STEP);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            // RRD stamps a consolidated point with the end of its interval; the finder wants its start.
            long[] starts = new long[p.times().length];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = p.times()[i] - STEP.toSeconds();
            }
            for (RecurringPatterns.Finding f : RecurringPatterns.weekly(starts, p.values(), STEP, zone)) {
                String id = info.key().host() + "|" + info.key().name() + "|" + f.day() + "|" + f.from();
                if (!reported.add(id)) {
                    continue;
                }
                out.add(new Event(now, info.key().host(), "metric", "pattern", Severity.INFO, f.describe(info.key().name()),
                        "seen in " + f.weeks() + " of the last " + f.observed() + " weeks; a recurring job (a backup?) "
                                + "rather than an incident: consider a downtime for that window",
                        Event.fingerprint("pattern", id), List.of(), null,
                        Map.of("series", info.key().name(), "service", info.key().name() + " pattern")));
            }
        }
        return out;
    }
}

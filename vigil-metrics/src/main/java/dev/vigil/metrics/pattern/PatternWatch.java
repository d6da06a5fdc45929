package dev.vigil.metrics.pattern;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private volatile Busiest busiest = (host, at) -> Optional.empty();

    /** The busiest process of a host at a moment (from the kept top-process snapshots), if known. */
    @FunctionalInterface
    public interface Busiest {
        Optional<String> at(String host, Instant at);
    }

    public PatternWatch(MetricStore store, ZoneId zone, Predicate<SeriesInfo> watched) {
        this.store = store;
        this.zone = zone;
        this.watched = watched;
    }

    /** Names the process most often on top during a pattern's windows ("top process during spikes: backup.sh"). */
    public PatternWatch withProcesses(Busiest lookup) {
        this.busiest = lookup;
        return this;
    }

    /** The process most often busiest in the middle of the pattern's window over the weeks it was seen. */
    private Optional<String> culprit(String host, RecurringPatterns.Finding f, Instant now) {
        Map<String, Integer> votes = new HashMap<>();
        ZonedDateTime t = now.atZone(zone);
        if (!f.daily()) {
            t = t.with(TemporalAdjusters.previousOrSame(f.day()));
        }
        t = t.with(f.from()).plusMinutes(Duration.between(f.from(), f.to()).toMinutes() / 2);
        Duration period = f.daily() ? Duration.ofDays(1) : Duration.ofDays(7);
        if (t.toInstant().isAfter(now)) {
            t = t.minus(period);
        }
        for (int w = 0; w < f.observed(); w++, t = t.minus(period)) {
            busiest.at(host, t.toInstant()).ifPresent(name -> votes.merge(name, 1, Integer::sum));
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
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
            // A daily job also spikes on every weekday: a weekly finding inside a daily window is that same job.
            List<RecurringPatterns.Finding> daily = RecurringPatterns.daily(starts, p.values(), STEP, zone);
            List<RecurringPatterns.Finding> findings = new ArrayList<>(daily);
            for (RecurringPatterns.Finding w : RecurringPatterns.weekly(starts, p.values(), STEP, zone)) {
                if (daily.stream().noneMatch(d -> d.overlaps(w))) {
                    findings.add(w);
                }
            }
            for (RecurringPatterns.Finding f : findings) {
                String id = info.key().host() + "|" + info.key().name() + "|" + (f.daily() ? "daily" : f.day()) + "|" + f.from();
                if (!reported.add(id)) {
                    continue;
                }
                String title = f.describe(info.key().name())
                        + culprit(info.key().host(), f, now).map(proc -> "; top process during spikes: " + proc).orElse("");
                out.add(Event.of(EventKind.PATTERN, now, info.key().host(), "metric", Severity.INFO,
                        title,
                        Event.fingerprint("pattern", id))
                        .withDetails("seen in " + f.weeks() + " of the last " + f.observed() + (f.daily() ? " days" : " weeks")
                                + "; a recurring job (a backup?) rather than an incident: consider a downtime for that window")
                        .withTags(Map.of("series", info.key().name(), "service", info.key().name() + " pattern")));
            }
        }
        return out;
    }
}

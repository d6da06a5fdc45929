package dev.vigil.metrics.pattern;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
    private final List<Reported> reported = new ArrayList<>();
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

    /** A pattern of one host already reported: a later finding overlapping it is the same job seen in another series. */
    private record Reported(String host, DayOfWeek day, LocalTime from, LocalTime to) {
        boolean covers(String h, RecurringPatterns.Finding f) {
            return host.equals(h) && Objects.equals(day, f.day()) && from.isBefore(f.to()) && f.from().isBefore(to);
        }
    }

    /**
     * New findings since the last run, as events: one per host and window however many of its series show it (the
     * backup spikes load and CPU together; that is one job, reported once).
     */
    public synchronized List<Event> scan(Instant now) {
        Map<String, List<Seen>> byHost = new TreeMap<>();
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
                String host = info.key().host();
                if (reported.stream().noneMatch(r -> r.covers(host, f))) {
                    byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new Seen(info.key().name(), f));
                }
            }
        }
        List<Event> out = new ArrayList<>();
        for (var e : byHost.entrySet()) {
            List<Seen> left = new ArrayList<>(e.getValue());
            while (!left.isEmpty()) {
                RecurringPatterns.Finding first = left.getFirst().finding();
                List<Seen> same = left.stream().filter(s -> Objects.equals(s.finding().day(), first.day()) && s.finding().overlaps(first)).toList();
                left.removeAll(same);
                out.add(event(e.getKey(), same, now));
            }
        }
        return out;
    }

    private record Seen(String series, RecurringPatterns.Finding finding) {}

    private Event event(String host, List<Seen> same, Instant now) {
        RecurringPatterns.Finding f = same.getFirst().finding();
        LocalTime from = same.stream().map(s -> s.finding().from()).min(LocalTime::compareTo).orElseThrow();
        LocalTime to = same.stream().map(s -> s.finding().to()).max(LocalTime::compareTo).orElseThrow();
        reported.add(new Reported(host, f.day(), from, to));
        String series = String.join(", ", same.stream().map(Seen::series).distinct().toList());
        Optional<String> process = culprit(host, f, now);
        String title = f.describe(series) + process.map(proc -> "; top process during spikes: " + proc).orElse("");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("series", series);
        tags.put("service", same.getFirst().series() + " pattern");
        // What the correlator needs to find the events that keep happening in the same window.
        tags.put("pattern_day", f.daily() ? "daily" : f.day().name());
        tags.put("pattern_from", from.toString());
        tags.put("pattern_to", to.toString());
        tags.put("pattern_zone", zone.getId());
        process.ifPresent(proc -> tags.put("process", proc));
        return Event.of(EventKind.PATTERN, now, host, "metric", Severity.INFO, title,
                        Event.fingerprint("pattern", host, f.daily() ? "daily" : f.day().name(), from.toString()))
                .withDetails("seen in " + f.weeks() + " of the last " + f.observed() + (f.daily() ? " days" : " weeks")
                        + "; a recurring job (a backup?) rather than an incident: consider a downtime for that window")
                .withEvidence(same.stream().map(Seen::series).distinct().map(name -> EvidenceLink.series("graph of " + name, host, name,
                        now.minus(Duration.ofDays(14)), now)).toList())
                .withTags(tags);
    }
}

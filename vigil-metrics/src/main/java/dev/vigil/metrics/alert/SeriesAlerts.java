package dev.vigil.metrics.alert;

import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.forecast.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns numbers into events, through the same pipeline as checks: threshold rules that must hold for a while
 * (a level counts once it has held for the rule's duration; back below is a recovery), and forecasts that
 * warn when a capacity series (a disk) will be full within the horizon, long before any threshold.
 * Events are raised on changes only.
 */
public final class SeriesAlerts {
    private List<ThresholdRule> rules;
    private Duration horizon;
    private final Consumer<List<Event>> sink;
    /** Per rule and series: the level now, since when, and the level last raised. */
    private final Map<Watched, long[]> state = new HashMap<>();

    private final Map<SeriesKey, Boolean> forecastFiring = new HashMap<>();

    /** One rule watching one series. */
    private record Watched(ThresholdRule rule, SeriesKey series) {}

    public SeriesAlerts(List<ThresholdRule> rules, Duration horizon, Consumer<List<Event>> sink) {
        this.rules = List.copyOf(rules);
        this.horizon = horizon;
        this.sink = sink;
    }

    /**
     * Takes a reloaded set of rules. A rule that did not change keeps its state (no second alert for what is
     * already raised); a raised alert whose rule is gone is closed with a recovery, so nothing stays open forever.
     */
    public synchronized void apply(List<ThresholdRule> next, Duration nextHorizon, Instant now) {
        List<Event> events = new ArrayList<>();
        var it = state.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (next.contains(e.getKey().rule())) {
                continue;
            }
            if (e.getValue()[2] != 0) {
                SeriesKey k = e.getKey().series();
                events.add(Event.of(EventKind.RECOVERY, now, k.host(), "metric", Severity.OK,
                        k.name() + " on " + k.host() + " is no longer watched by that rule",
                        Event.fingerprint("metric", k.host(), k.name()))
                        .withDetails("the rule was removed from the configuration")
                        .withTags(Map.of("series", k.name(), "service", k.name())));
            }
            it.remove();
        }
        rules = List.copyOf(next);
        horizon = nextHorizon;
        if (!events.isEmpty()) {
            sink.accept(events);
        }
    }

    /** Checks a new sample against the rules. */
    public synchronized void sample(SeriesInfo info, Instant at, double value) {
        List<Event> events = new ArrayList<>();
        for (ThresholdRule r : rules) {
            if (!r.applies(info.key())) {
                continue;
            }
            long[] s = state.computeIfAbsent(new Watched(r, info.key()), x -> new long[] {0, at.toEpochMilli(), 0});
            int level = r.level(value);
            if (level != s[0]) {
                s[0] = level;
                s[1] = at.toEpochMilli();
            }
            boolean held = at.toEpochMilli() - s[1] >= r.duration().toMillis();
            if (held && level != s[2]) {
                Severity sev = level == 2 ? Severity.CRITICAL : level == 1 ? Severity.WARNING : Severity.OK;
                String what = info.key().name() + " on " + info.key().host();
                String title = level == 0 ? what + " is back in range"
                        : what + String.format(Locale.ROOT, " is %s %s", r.below() ? "below" : "above", fmt(level == 2 ? r.critical() : r.warning()))
                        + (r.duration().isZero() ? "" : " for " + Durations.format(r.duration())); // "for 0s" said nothing
                events.add(Event.of(level == 0 ? EventKind.RECOVERY : EventKind.PROBLEM, at, info.key().host(), "metric",
                        sev,
                        title,
                        Event.fingerprint("metric", info.key().host(), info.key().name()))
                        .withDetails(String.format(Locale.ROOT, "value %s %s", fmt(value),
                                info.unit() == null ? "" : info.unit()).strip())
                        .withEvidence(graph(info.key(), at))
                        .withTags(Map.of("series", info.key().name(), "service", info.key().name())));
                s[2] = level;
            }
        }
        if (!events.isEmpty()) {
            sink.accept(events);
        }
    }

    /** Checks a capacity series' forecast: an event when it will be full within the horizon, a recovery when not. */
    public synchronized void forecast(SeriesInfo info, Forecast f, Instant now) {
        boolean soon = f.daysLeft() != null && f.daysLeft() * 86_400 <= horizon.toSeconds();
        boolean was = forecastFiring.getOrDefault(info.key(), false);
        if (soon == was) {
            return;
        }
        forecastFiring.put(info.key(), soon);
        String what = info.key().name() + " on " + info.key().host();
        String title = soon ? what + String.format(Locale.ROOT, " will be full in %.1f days", f.daysLeft())
                : what + " is no longer filling up soon";
        sink.accept(List.of(Event.of(soon ? EventKind.PROBLEM : EventKind.RECOVERY, now, info.key().host(), "metric",
                soon ? Severity.WARNING : Severity.OK,
                title,
                Event.fingerprint("forecast", info.key().host(), info.key().name()))
                .withDetails(soon ? "full at " + f.fullAt() + " (between " + f.earliest() + " and " + f.latest() + ")" : "")
                .withEvidence(graph(info.key(), now))
                .withTags(Map.of("series", info.key().name(), "service", info.key().name() + " forecast"))));
    }

    /** The series around the moment, for the message and the incident page. */
    private static List<EvidenceLink> graph(SeriesKey key, Instant at) {
        return List.of(EvidenceLink.series("graph of " + key.name(), key.host(), key.name(), at.minus(Duration.ofDays(1)), at.plus(Duration.ofHours(1))));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}

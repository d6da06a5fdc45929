package dev.vigil.server.web;

import dev.vigil.core.event.Event;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.forecast.Forecast;
import dev.vigil.server.Vigil;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The data behind a series chart: min/avg/max over the range, threshold lines, the host's events as markers (deploys
 * among them), and for an application's series where its traces are.
 */
final class SeriesData {
    private SeriesData() {}

    static Map<String, Object> of(Vigil vigil, SeriesKey key, String range, String fromText, String toText) throws IOException {
        var info = vigil.metrics().store().info(key).orElseThrow(() -> new NoSuchElementException("no such series"));
        Instant now = vigil.scheduler().clock().instant();
        Instant to;
        Instant from;
        try {
            to = toText == null ? now : Instant.ofEpochSecond(Long.parseLong(toText));
            Duration span = switch (range == null ? "day" : range) {
                case "1h" -> Duration.ofHours(1);
                case "6h" -> Duration.ofHours(6);
                case "week" -> Duration.ofDays(7);
                case "month" -> Duration.ofDays(31);
                case "year" -> Duration.ofDays(365);
                default -> Duration.ofDays(1);
            };
            from = fromText == null ? to.minus(span) : Instant.ofEpochSecond(Long.parseLong(fromText));
        } catch (NumberFormatException e) {
            try {
                to = OffsetDateTime.parse(toText).toInstant();
                from = OffsetDateTime.parse(fromText).toInstant();
            } catch (RuntimeException e2) {
                throw new Pages.BadInput("'from' and 'to' must be epoch seconds or ISO-8601 times");
            }
        }
        if (!from.isBefore(to)) {
            throw new Pages.BadInput("'from' must be before 'to'");
        }
        // About 600 points whatever the range: RRD picks the archive that covers it at that resolution.
        Duration step = Duration.ofSeconds(Math.max(1, Duration.between(from, to).toSeconds() / 600));
        MetricStore.Band band = vigil.metrics().store().band(key, from, to, step);
        MetricStore.Points avg = new MetricStore.Points(band.times(), band.avg());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", key.name());
        out.put("host", key.host());
        out.put("unit", info.unit());
        out.put("times", avg.times());
        out.put("avg", nulls(avg.values()));
        out.put("min", nulls(band.min()));
        out.put("max", nulls(band.max()));
        out.put("warning", Double.isNaN(info.warning()) ? null : info.warning());
        out.put("critical", Double.isNaN(info.critical()) ? null : info.critical());
        List<Map<String, Object>> events = new ArrayList<>();
        for (var stored : vigil.events().newest(key.host(), from, 200)) {
            Event e = stored.event();
            // The host's checks, logs and integrity belong beside any of its graphs (the 502 burst by the load
            // spike); another series' own alerts do not.
            String series = e.tags().get("series");
            if (series != null && !series.equals(key.name())) {
                continue;
            }
            if (!e.when().isAfter(to)) {
                long incident = vigil.incidents().incidentOf(stored.id()).orElse(0L);
                events.add(Map.of("t", e.when().getEpochSecond(), "title", e.title(), "css", Dashboard.css(e.severity()), "incident", incident,
                        "kind", e.kind().id()));
            }
        }
        out.put("events", events);
        // An application's series (its latency, errors, rate): a point opens the traces kept in that minute.
        out.put("traces", key.name().startsWith("apm.") ? "/application?name=" + Pages.url(key.host()) + "&minute=" : null);
        out.put("projection", projection(vigil, info, from, to, now, step));
        out.put("processes", processesAtPeak(vigil, key.host(), avg));
        return out;
    }

    /**
     * For a capacity series drawn up to now: the forecast's expected values over the next quarter of the range,
     * drawn dashed after the data, so the day it fills shows on the graph.
     */
    private static List<Object[]> projection(Vigil vigil, SeriesInfo info, Instant from, Instant to,
                                             Instant now, Duration step) throws IOException {
        if (!info.capacity() || to.isBefore(now.minus(step.multipliedBy(2)))) {
            return List.of();
        }
        long until = to.getEpochSecond() + Duration.between(from, to).toSeconds() / 4;
        List<Object[]> out = new ArrayList<>();
        for (var p : Forecast.of(vigil.metrics().store(), info, now).projection()) {
            if (p.epochSecond() > to.getEpochSecond() && p.epochSecond() <= until && Double.isFinite(p.value())) {
                out.add(new Object[] {p.epochSecond(), p.value()});
            }
        }
        return out;
    }

    /** The busiest processes at the highest point of the range, so a spike shows who made it. */
    private static Object processesAtPeak(Vigil vigil, String host, MetricStore.Points avg) {
        int peak = -1;
        for (int i = 0; i < avg.values().length; i++) {
            if (Double.isFinite(avg.values()[i]) && (peak < 0 || avg.values()[i] > avg.values()[peak])) {
                peak = i;
            }
        }
        if (peak < 0) {
            return null;
        }
        return vigil.metrics().topProcesses(host, Instant.ofEpochSecond(avg.times()[peak])).orElse(null);
    }

    private static List<Double> nulls(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(Double.isNaN(d) || Double.isInfinite(d) ? null : d);
        }
        return out;
    }
}

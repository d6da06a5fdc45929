package dev.vigil.server.http;

import dev.vigil.checks.state.Status;
import dev.vigil.core.config.Durations;
import dev.vigil.logs.input.LogInput;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.forecast.Forecast;
import dev.vigil.server.Vigil;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Metric data for the API: series listing, range queries, PNG graphs, forecasts, and Vigil's own metrics. */
final class MetricViews {
    private MetricViews() {}

    static Map<String, Object> series(SeriesInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.key().name());
        m.put("host", i.key().host());
        m.put("unit", i.unit());
        m.put("warning", Double.isNaN(i.warning()) ? null : i.warning());
        m.put("critical", Double.isNaN(i.critical()) ? null : i.critical());
        m.put("max", Double.isNaN(i.max()) ? null : i.max());
        m.put("capacity", i.capacity());
        m.put("source", i.source());
        return m;
    }

    /** The earliest and latest times the API takes: anything outside is a mistake, and breaks date arithmetic. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static Instant time(String v, String name, Instant fallback) {
        if (v == null) {
            return fallback;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            try {
                t = Instant.ofEpochSecond(Long.parseLong(v));
            } catch (NumberFormatException | DateTimeException e2) {
                throw ApiError.badRequest("'" + name + "' must be ISO-8601 (2026-11-26T04:30:00Z) or epoch seconds");
            }
        }
        return inRange(t, name);
    }

    /** {@code t}, if it lies between 1970 and 9999; else a 400 that says so. */
    static Instant inRange(Instant t, String name) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiError.badRequest("'" + name + "' must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return t;
    }

    private static SeriesInfo known(Vigil vigil, SeriesKey key) {
        return vigil.metrics().store().info(key).orElseThrow(() -> ApiError.notFound("no series '" + key.name()
                + "' on host '" + key.host() + "'"));
    }

    static Map<String, Object> query(Vigil vigil, SeriesKey key, String fromText, String toText, String stepText) throws IOException {
        known(vigil, key);
        Instant now = vigil.scheduler().clock().instant();
        Instant to = time(toText, "to", now);
        Instant from = time(fromText, "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        Duration step = null;
        if (stepText != null) {
            try {
                step = Durations.parse(stepText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("'step': " + e.getMessage());
            }
        }
        MetricStore.Points p = vigil.metrics().store().query(key, from, to, step);
        List<Object[]> points = new ArrayList<>();
        for (int i = 0; i < p.times().length; i++) {
            double v = p.values()[i];
            points.add(new Object[] {p.times()[i], Double.isNaN(v) || Double.isInfinite(v) ? null : v});
        }
        return Map.of("name", key.name(), "host", key.host(), "points", points);
    }

    static byte[] graph(Vigil vigil, SeriesKey key, String range, String fromText, String toText) throws IOException {
        known(vigil, key);
        Instant now = vigil.scheduler().clock().instant();
        Duration span = switch (range) {
            case "day" -> Duration.ofDays(1);
            case "week" -> Duration.ofDays(7);
            case "month" -> Duration.ofDays(31);
            case "year" -> Duration.ofDays(365);
            default -> throw ApiError.badRequest("'range' must be day, week, month or year");
        };
        Instant to = time(toText, "to", now);
        Instant from = time(fromText, "from", to.minus(span));
        return vigil.metrics().store().graph(key, from, to, 600, 200);
    }

    static Map<String, Object> forecast(Vigil vigil, SeriesKey key) throws IOException {
        SeriesInfo info = known(vigil, key);
        Instant now = vigil.scheduler().clock().instant();
        Forecast f = Forecast.of(vigil.metrics().store(), info, now);
        double capacity = f.capacity();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", key.name());
        m.put("host", key.host());
        m.put("method", f.method());
        m.put("daysLeft", f.daysLeft() == null ? null : Math.round(f.daysLeft() * 10) / 10.0);
        m.put("fullAt", f.fullAt());
        m.put("earliest", f.earliest());
        m.put("latest", f.latest());
        m.put("slopePerDay", f.slopePerDay());
        m.put("current", Double.isNaN(f.current()) ? null : f.current());
        m.put("capacity", Double.isNaN(capacity) ? null : capacity);
        m.put("projection", f.projection().stream().map(pt -> new Object[] {pt.epochSecond(), pt.value()}).toList());
        return m;
    }

    /** Vigil's own health in the Prometheus text format. */
    static String selfMetrics(Vigil vigil) {
        var stats = vigil.engine().stats();
        StringBuilder b = new StringBuilder();
        metric(b, "vigil_checks_run_total", "counter", "Checks run since start.", stats.checksRun());
        metric(b, "vigil_check_lateness_p99_milliseconds", "gauge", "p99 of how late checks started versus their schedule.",
                stats.latenessPercentile(99));
        metric(b, "vigil_hosts", "gauge", "Monitored hosts.", vigil.engine().plan().hosts().size());
        metric(b, "vigil_services", "gauge", "Monitored services.", vigil.engine().plan().services().size());
        metric(b, "vigil_problems", "gauge", "Hosts and services in a confirmed problem state.",
                vigil.engine().statuses().stream().filter(Status::isHardProblem).count());
        metric(b, "vigil_series", "gauge", "Metric series stored.", vigil.metrics().store().series(null).size());
        metric(b, "vigil_log_lines_total", "counter", "Log lines analysed since start.", vigil.logs().pipeline().lines());
        metric(b, "vigil_log_alerts_total", "counter", "Log alerts at or above the alert level since start.", vigil.logs().pipeline().alerts());
        metric(b, "vigil_log_queue", "gauge", "Log lines waiting to be analysed.", vigil.logs().pipeline().waiting());
        var inputs = vigil.logs().pipeline().inputs();
        metric(b, "vigil_log_lines_unparseable_total", "counter", "Syslog messages that could not be parsed (kept whole, marked).",
                inputs.stream().mapToLong(LogInput::unparseable).sum());
        metric(b, "vigil_log_lines_dropped_total", "counter",
                "Log messages dropped under overload, by Vigil or by the kernel (UDP receive buffer full).",
                inputs.stream().mapToLong(LogInput::dropped).sum());
        metric(b, "vigil_log_inputs_failing", "gauge", "Log inputs that are not reading (see /healthz and the Logs page).",
                inputs.stream().filter(i -> i.problem() != null).count());
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(String.format(Locale.ROOT, "%s", value == Math.rint(value)
                        ? Long.toString((long) value) : Double.toString(value))).append('\n');
    }
}

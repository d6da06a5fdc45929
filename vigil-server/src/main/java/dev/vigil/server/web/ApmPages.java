package dev.vigil.server.web;

import dev.vigil.apm.Span;
import dev.vigil.apm.TraceStore;
import dev.vigil.apm.derive.Operations;
import dev.vigil.server.Vigil;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The applications' pages: every service that sends traces with its figures, one service's operations, dependencies
 * and kept traces, and one trace's spans as a waterfall.
 */
final class ApmPages {
    private static final Duration RANGE = Duration.ofMinutes(15);
    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
    private final Pages pages;
    private final Vigil vigil;

    ApmPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
    }

    void register(Javalin app) {
        app.get("/applications", ctx -> {
            Instant now = vigil.scheduler().clock().instant();
            var ops = vigil.apm().operations();
            var services = ops.services(now.minus(RANGE), now.plusSeconds(60)).stream().map(f -> {
                List<Operations.Figures> minutes = ops.minutes(f.service());
                return new Model.AppService(row(f), spark(minutes, Operations.Figures::rate, "requests a second"),
                        spark(minutes, m -> 100 * m.errorRate(), "% errors"), spark(minutes, Operations.Figures::p95, "ms p95"),
                        spark(minutes, Operations.Figures::apdex, "Apdex"));
            }).toList();
            var map = ServiceMap.of(ops.services(now.minus(RANGE), now.plusSeconds(60)), ops.calls(now.minus(RANGE), now.plusSeconds(60)));
            pages.render(ctx, "applications.jte", new Model.Applications(pages.frame(ctx, "Applications", "applications"),
                    vigil.apm().settings().enabled(), services, map));
        });
        app.get("/application", ctx -> {
            String name = Optional.ofNullable(ctx.queryParam("name")).orElse("");
            Instant now = vigil.scheduler().clock().instant();
            var ops = vigil.apm().operations();
            var operations = ops.of(name, Operations.Scope.OPERATION, now.minus(RANGE), now.plusSeconds(60)).stream().map(ApmPages::row).toList();
            var dependencies = ops.of(name, Operations.Scope.DEPENDENCY, now.minus(RANGE), now.plusSeconds(60)).stream().map(ApmPages::row).toList();
            List<Model.TraceRow> failed = vigil.apm().traces().find(new TraceStore.Query(name, null, true, null, null, 20)).stream()
                    .map(ApmPages::trace).toList();
            List<Model.TraceRow> slowest = vigil.apm().traces().find(new TraceStore.Query(name, null, false, now.minus(Duration.ofDays(1)), null, 200))
                    .stream().sorted(Comparator.comparingDouble(TraceStore.Trace::durationMs).reversed()).limit(20).map(ApmPages::trace).toList();
            if (operations.isEmpty() && dependencies.isEmpty() && failed.isEmpty() && slowest.isEmpty()) {
                pages.error(ctx, 404, "No such application", "No traces from '" + name + "' in the last hour.");
                return;
            }
            // A minute chosen on the latency chart: the traces kept from it (failed, slow, and the minute's sample).
            String minute = "";
            List<Model.TraceRow> ofMinute = List.of();
            if (ctx.queryParam("minute") != null) {
                Instant at;
                try {
                    at = Instant.ofEpochSecond(Long.parseLong(ctx.queryParam("minute"))).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
                } catch (NumberFormatException | java.time.DateTimeException e) {
                    throw new Pages.BadInput("'minute' must be epoch seconds");
                }
                minute = MINUTE.format(at);
                ofMinute = vigil.apm().traces().find(new TraceStore.Query(name, null, null, at, at.plusSeconds(60), 50)).stream()
                        .map(ApmPages::trace).toList();
            }
            var latency = new dev.vigil.metrics.SeriesKey(Operations.seriesName(name), "apm.p95");
            String chart = vigil.metrics().store().info(latency).isPresent()
                    ? "/series-data?host=" + Pages.url(latency.host()) + "&name=apm.p95&range=" + Pages.url(ctx.queryParam("minute") == null ? "1h" : "6h")
                    : "";
            pages.render(ctx, "application.jte", new Model.Application(pages.frame(ctx, name, "applications"), name, chart, operations,
                    dependencies, minute, ofMinute, failed, slowest));
        });
        app.get("/trace", ctx -> {
            String id = Optional.ofNullable(ctx.queryParam("id")).orElse("").toLowerCase(Locale.ROOT);
            Optional<TraceStore.Trace> t = id.matches("[0-9a-f]{32}") ? vigil.apm().traces().get(id) : Optional.empty();
            if (t.isEmpty()) {
                pages.error(ctx, 404, "No such trace", "That trace is not kept (only failed, slow and a sample of the rest are).");
                return;
            }
            pages.render(ctx, "trace.jte", waterfall(pages.frame(ctx, "Trace " + t.get().name(), "applications"), t.get(), logsOf(t.get())));
        });
    }

    private static Model.AppRow row(Operations.Figures f) {
        return new Model.AppRow(f.name(), f.requests(), String.format(Locale.ROOT, "%.2f", f.rate()),
                String.format(Locale.ROOT, "%.1f %%", 100 * f.errorRate()), ms(f.p95()),
                Double.isNaN(f.apdex()) ? "–" : String.format(Locale.ROOT, "%.2f", f.apdex()), f.errorRate() >= 0.05 ? "critical"
                : f.errorRate() > 0 ? "warning" : "ok");
    }

    /** A figure's last hour as a polyline: minutes left to right, scaled to its own largest value. */
    static Model.Spark spark(List<Operations.Figures> minutes, java.util.function.ToDoubleFunction<Operations.Figures> figure, String what) {
        double[] v = minutes.stream().mapToDouble(figure).toArray();
        double max = java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).max().orElse(0);
        double min = java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).min().orElse(0);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                continue; // a minute without requests has no latency: the line skips it
            }
            double x = v.length == 1 ? 100 : 100.0 * i / (v.length - 1);
            double y = max <= 0 ? 19 : 19 - 18 * v[i] / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        String label = v.length == 0 ? "no history yet" : String.format(Locale.ROOT, "%s over the last %d minute(s): %.2f to %.2f",
                what, v.length, min, max);
        return new Model.Spark(points.toString().trim(), label);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : v >= 1000 ? String.format(Locale.ROOT, "%.2f s", v / 1000) : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static Model.TraceRow trace(TraceStore.Trace t) {
        return new Model.TraceRow(t.traceId(), t.service(), t.name(), WHEN.format(t.start()), ms(t.durationMs()), t.kept(), t.error());
    }

    /** Each span's offset and width in thousandths of the trace, indented by its depth under its parent. */
    /** The log lines that carry the trace's id, from a little before it started to an hour after. */
    private List<Model.TraceLog> logsOf(TraceStore.Trace t) {
        try {
            return vigil.logs().index().search("\"" + t.traceId() + "\"", t.start().minus(Duration.ofMinutes(5)), t.start().plus(Duration.ofHours(1)),
                    0, 50, 0).hits().stream().sorted(Comparator.comparing(dev.vigil.logs.LogStore.Hit::time))
                    .map(h -> new Model.TraceLog(WHEN.format(h.time()), h.host(), h.message())).toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of(); // the page shows the spans; the lines are a search away
        }
    }

    private static Model.Trace waterfall(Model.Frame frame, TraceStore.Trace t, List<Model.TraceLog> logs) {
        long start = t.spans().stream().mapToLong(Span::startNanos).min().orElse(0);
        long end = t.spans().stream().mapToLong(Span::endNanos).max().orElse(start + 1);
        double total = Math.max(1, end - start);
        java.util.Map<String, Span> byId = new java.util.HashMap<>();
        t.spans().forEach(s -> byId.put(s.spanId(), s));
        List<Model.SpanRow> rows = new ArrayList<>();
        for (Span s : t.spans()) {
            int depth = 0;
            for (Span p = byId.get(s.parentSpanId()); p != null && depth < 20; p = byId.get(p.parentSpanId())) {
                depth++;
            }
            int x = (int) Math.round(1000 * (s.startNanos() - start) / total);
            int w = Math.max(2, (int) Math.round(1000 * (s.endNanos() - s.startNanos()) / total));
            List<String> attributes = new ArrayList<>();
            s.shownAttributes().forEach((k, v) -> attributes.add(k + " = " + v));
            rows.add(new Model.SpanRow(s.service(), s.name(), s.kind().name().toLowerCase(Locale.ROOT), depth, "indent-" + Math.min(depth, 8),
                    Math.min(x, 998), Math.min(w, 1000 - Math.min(x, 998)), ms(s.durationMs()), s.error(),
                    s.statusMessage().isEmpty() ? "" : dev.vigil.core.text.Secrets.mask(s.statusMessage()), attributes));
        }
        return new Model.Trace(frame, t.traceId(), t.service(), t.name(), WHEN.format(t.start()), ms(t.durationMs()), t.kept(), rows,
                logs, "/logs?q=" + t.traceId());
    }
}

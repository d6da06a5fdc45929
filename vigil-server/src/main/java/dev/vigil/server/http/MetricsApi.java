package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.instant;
import static dev.vigil.server.http.Requests.seriesKey;
import static dev.vigil.server.http.Requests.time;

import dev.vigil.core.config.Durations;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Metrics;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.forecast.Forecast;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.javalin.Javalin;

/** {@code /api/v1/series}, graphs, forecasts and process snapshots: the metric data of the API. */
final class MetricsApi {
    private final Metrics metrics;
    private final InstantSource clock;

    MetricsApi(Metrics metrics, InstantSource clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** 204 when every line was kept; 400 naming the first bad line when some were refused (the good ones are kept). */
    private void influx(io.javalin.http.Context ctx, String precision) {
        byte[] raw = ctx.bodyAsBytes();
        String body;
        try {
            body = "gzip".equalsIgnoreCase(ctx.header("Content-Encoding"))
                    ? new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readNBytes(16 << 20),
                    java.nio.charset.StandardCharsets.UTF_8)
                    : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not gzip");
        }
        dev.vigil.metrics.intake.InfluxWrite.Outcome o;
        try {
            o = metrics.writeInflux(body, precision);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (o.refused() > 0) {
            ctx.status(400).json(Map.of("code", "invalid", "message", "partial write: " + o.refused() + " line(s) refused, "
                    + o.points() + " point(s) kept; " + o.firstError()));
            return;
        }
        ctx.status(204);
    }

    void register(Javalin app) {
        app.get("/api/v1/series", ctx -> ctx.json(metrics.store().series(ctx.queryParam("host")).stream()
                .map(MetricsApi::series).toList()));
        app.delete("/api/v1/series", ctx -> {
            if (!metrics.store().remove(seriesKey(ctx))) {
                throw ApiError.notFound("no series '" + ctx.queryParam("name") + "' on host '" + ctx.queryParam("host") + "'");
            }
            ctx.status(204);
        });
        // InfluxDB's write endpoints (2.x and 1.x), so Telegraf and InfluxDB clients send here unchanged.
        app.post("/api/v2/write", ctx -> influx(ctx, ctx.queryParam("precision")));
        app.post("/write", ctx -> influx(ctx, ctx.queryParam("precision")));
        // Prometheus' remote write, received: vmagent, Prometheus or Grafana Agent send here.
        app.post("/api/v1/write", ctx -> {
            dev.vigil.metrics.intake.PromWrite.Outcome o;
            try {
                o = metrics.writeRemote(ctx.bodyAsBytes());
            } catch (IOException e) {
                throw ApiError.badRequest(e.getMessage());
            }
            if (o.refused() > 0) {
                ctx.status(400).json(Map.of("error", o.refused() + " series refused, " + o.samples() + " sample(s) kept; " + o.firstError()));
                return;
            }
            ctx.status(204);
        });
        app.get("/api/v1/series/query", ctx -> ctx.json(query(seriesKey(ctx), ctx.queryParam("from"), ctx.queryParam("to"),
                ctx.queryParam("step"))));
        app.get("/api/v1/graph.png", ctx -> ctx.contentType("image/png").result(graph(seriesKey(ctx),
                Optional.ofNullable(ctx.queryParam("range")).orElse("day"), ctx.queryParam("from"), ctx.queryParam("to"))));
        app.get("/api/v1/processes", ctx -> {
            String host = ctx.queryParam("host");
            if (host == null) {
                throw ApiError.badRequest("missing query parameter 'host'");
            }
            Instant at = ctx.queryParam("at") == null ? clock.instant() : instant(ctx.queryParam("at"), "at");
            ctx.json(metrics.topProcesses(host, at).orElseThrow(() -> ApiError.notFound(
                    "no process snapshot for host '" + host + "' (only the machine Vigil runs on is sampled)")));
        });
        app.get("/api/v1/forecast", ctx -> ctx.json(forecast(seriesKey(ctx))));
    }

    private static Map<String, Object> series(SeriesInfo i) {
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

    private SeriesInfo known(SeriesKey key) {
        return metrics.store().info(key).orElseThrow(() -> ApiError.notFound("no series '" + key.name()
                + "' on host '" + key.host() + "'"));
    }

    private Map<String, Object> query(SeriesKey key, String fromText, String toText, String stepText) throws IOException {
        known(key);
        Instant to = time(toText, "to", clock.instant());
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
        MetricStore.Points p = metrics.store().query(key, from, to, step);
        List<Object[]> points = new ArrayList<>();
        for (int i = 0; i < p.times().length; i++) {
            double v = p.values()[i];
            points.add(new Object[] {p.times()[i], Double.isNaN(v) || Double.isInfinite(v) ? null : v});
        }
        return Map.of("name", key.name(), "host", key.host(), "points", points);
    }

    private byte[] graph(SeriesKey key, String range, String fromText, String toText) throws IOException {
        known(key);
        Duration span = switch (range) {
            case "day" -> Duration.ofDays(1);
            case "week" -> Duration.ofDays(7);
            case "month" -> Duration.ofDays(31);
            case "year" -> Duration.ofDays(365);
            default -> throw ApiError.badRequest("'range' must be day, week, month or year");
        };
        Instant to = time(toText, "to", clock.instant());
        Instant from = time(fromText, "from", to.minus(span));
        return metrics.store().graph(key, from, to, 600, 200);
    }

    private Map<String, Object> forecast(SeriesKey key) throws IOException {
        SeriesInfo info = known(key);
        Forecast f = Forecast.of(metrics.store(), info, clock.instant());
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
}

package dev.vigil.server.http;

import dev.vigil.apm.Apm;
import dev.vigil.apm.Span;
import dev.vigil.apm.TraceStore;
import dev.vigil.apm.derive.Operations;
import dev.vigil.core.text.Secrets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/apm/...}: the services that send traces with their figures (over the last 15 minutes unless
 * {@code from}/{@code to} say otherwise), a service's operations and dependencies, and the kept traces.
 */
final class ApmApi {
    private static final Duration DEFAULT_RANGE = Duration.ofMinutes(15);

    private final Apm apm;
    private final InstantSource clock;

    ApmApi(Apm apm, InstantSource clock) {
        this.apm = apm;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/apm/services", ctx -> {
            Instant[] range = range(ctx);
            ctx.json(Map.of("services", apm.operations().services(range[0], range[1]).stream().map(ApmApi::figures).toList()));
        });
        app.get("/api/v1/apm/services/{name}/operations", ctx -> {
            String service = ctx.pathParam("name");
            Instant[] range = range(ctx);
            var operations = apm.operations().of(service, Operations.Scope.OPERATION, range[0], range[1]);
            var dependencies = apm.operations().of(service, Operations.Scope.DEPENDENCY, range[0], range[1]);
            if (operations.isEmpty() && dependencies.isEmpty()
                    && apm.operations().services(Instant.EPOCH, Requests.LATEST).stream().noneMatch(f -> f.service().equals(service))) {
                throw ApiError.notFound("no traces from service '" + service + "' in the last hour");
            }
            ctx.json(Map.of("service", service, "operations", operations.stream().map(ApmApi::figures).toList(),
                    "dependencies", dependencies.stream().map(ApmApi::figures).toList()));
        });
        app.get("/api/v1/apm/map", ctx -> {
            // The service map: who calls whom, each call with the caller's view of it (rate, errors, latency).
            Instant[] range = range(ctx);
            var services = apm.operations().services(range[0], range[1]).stream().map(Operations.Figures::service).toList();
            ctx.json(Map.of("services", services, "calls", apm.operations().calls(range[0], range[1]).stream().map(c -> {
                Map<String, Object> o = figures(c);
                o.remove("name");
                o.remove("apdex");
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("from", c.service());
                call.put("to", c.name());
                call.put("service", services.contains(c.name()));
                call.putAll(o);
                return call;
            }).toList()));
        });
        app.get("/api/v1/apm/traces", ctx -> {
            String min = ctx.queryParam("minDuration");
            Double minMs = null;
            if (min != null) {
                try {
                    minMs = min.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(min) : dev.vigil.core.config.Durations.parse(min).toNanos() / 1e6;
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("'minDuration' is milliseconds (250) or a duration (250ms, 2s)");
                }
            }
            String error = ctx.queryParam("error");
            if (error != null && !error.equals("true") && !error.equals("false")) {
                throw ApiError.badRequest("'error' is true or false");
            }
            Instant from = Requests.time(ctx.queryParam("from"), "from", null);
            Instant to = Requests.time(ctx.queryParam("to"), "to", null);
            int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
            var found = apm.traces().find(new TraceStore.Query(ctx.queryParam("service"), minMs, error == null ? null : Boolean.valueOf(error),
                    from, to, limit));
            ctx.json(Map.of("traces", found.stream().map(ApmApi::summary).toList()));
        });
        app.get("/api/v1/apm/traces/{traceId}", ctx -> {
            String id = ctx.pathParam("traceId").toLowerCase(Locale.ROOT);
            TraceStore.Trace t = apm.traces().get(id).orElseThrow(() -> ApiError.notFound(
                    "no kept trace '" + (id.matches("[0-9a-f]{1,32}") ? id : "…") + "' (only errors, slow ones and a sample are kept)"));
            Map<String, Object> o = summary(t);
            o.put("spans", t.spans().stream().map(ApmApi::span).toList());
            ctx.json(o);
        });
    }

    private Instant[] range(Context ctx) {
        Instant to = Requests.time(ctx.queryParam("to"), "to", clock.instant().plusSeconds(60));
        Instant from = Requests.time(ctx.queryParam("from"), "from", clock.instant().minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        return new Instant[] {from, to};
    }

    private static Map<String, Object> summary(TraceStore.Trace t) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("traceId", t.traceId());
        o.put("service", t.service());
        o.put("name", t.name());
        o.put("start", t.start());
        o.put("durationMs", round(t.durationMs()));
        o.put("error", t.error());
        o.put("kept", t.kept());
        return o;
    }

    private static Map<String, Object> figures(Operations.Figures f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", f.name());
        o.put("requests", f.requests());
        o.put("rate", round(f.rate()));
        o.put("errorRate", round(f.errorRate()));
        o.put("p50", number(f.p50()));
        o.put("p95", number(f.p95()));
        o.put("p99", number(f.p99()));
        o.put("apdex", number(f.apdex()));
        return o;
    }

    private static Map<String, Object> span(Span s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("spanId", s.spanId());
        o.put("parentSpanId", s.parentSpanId().isEmpty() ? null : s.parentSpanId());
        o.put("name", s.name());
        o.put("service", s.service());
        o.put("kind", s.kind().name());
        o.put("start", Instant.ofEpochSecond(0, s.startNanos()));
        o.put("durationMs", round(s.durationMs()));
        o.put("status", s.status().name());
        if (!s.statusMessage().isEmpty()) {
            o.put("statusMessage", Secrets.mask(s.statusMessage()));
        }
        o.put("attributes", s.shownAttributes());
        return o;
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

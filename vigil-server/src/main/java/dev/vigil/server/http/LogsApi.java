package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.intParam;
import static dev.vigil.server.http.Requests.time;

import dev.vigil.logs.LogStore;
import dev.vigil.logs.Logs;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.javalin.Javalin;

/** {@code /api/v1/logs}: search (hits newest first, the total, a histogram) and the lines around a hit. */
final class LogsApi {
    private final Logs logs;
    private final InstantSource clock;

    LogsApi(Logs logs, InstantSource clock) {
        this.logs = logs;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/logs/search", ctx -> ctx.json(search(ctx.queryParam("q"), ctx.queryParam("from"), ctx.queryParam("to"),
                intParam(ctx, "offset", 0, 0, 10_000), intParam(ctx, "limit", 50, 1, 500), intParam(ctx, "buckets", 0, 0, 500))));
        app.get("/api/v1/logs/around", ctx -> {
            String id = ctx.queryParam("id");
            if (id == null) {
                throw ApiError.badRequest("missing query parameter 'id' (a hit's id from /api/v1/logs/search)");
            }
            ctx.json(around(id, intParam(ctx, "before", 10, 0, 200), intParam(ctx, "after", 10, 0, 200)));
        });
    }

    /** A search over [from, to] (default: the last 24 hours); bad queries and ranges are 400s with a reason. */
    private Map<String, Object> search(String q, String fromText, String toText, int offset, int limit, int buckets)
            throws IOException {
        Instant to = time(toText, "to", clock.instant());
        Instant from = time(fromText, "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        LogStore.Page page;
        try {
            page = logs.index().search(q, from, to, offset, limit, buckets);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("from", from);
        out.put("to", to);
        List<Map<String, Object>> hits = new ArrayList<>();
        page.hits().forEach(h -> hits.add(hit(h)));
        out.put("hits", hits);
        out.put("histogram", page.histogram());
        return out;
    }

    private List<Map<String, Object>> around(String id, int before, int after) throws IOException {
        try {
            return logs.index().around(id, before, after).stream().map(LogsApi::hit).toList();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Map<String, Object> hit(LogStore.Hit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("time", h.time());
        m.put("host", h.host());
        m.put("location", h.location());
        m.put("message", h.message());
        m.put("fields", h.fields());
        m.put("rule", h.rule() == null ? null : String.valueOf(h.rule()));
        m.put("level", h.level());
        return m;
    }
}

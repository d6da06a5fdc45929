package dev.vigil.server.http;

import dev.vigil.logs.LogStore;
import dev.vigil.server.Vigil;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Log search for the API and the dashboard: hits newest first, the total, a histogram, surrounding lines. */
public final class LogViews {
    private LogViews() {}

    /** A search over [from, to] (default: the last 24 hours); bad queries and ranges are 400s with a reason. */
    public static Map<String, Object> search(Vigil vigil, String q, String fromText, String toText, int offset, int limit,
                                             int buckets) throws IOException {
        Instant now = vigil.scheduler().clock().instant();
        Instant to = MetricViews.time(toText, "to", now);
        Instant from = MetricViews.time(fromText, "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        LogStore.Page page;
        try {
            page = vigil.logs().index().search(q, from, to, offset, limit, buckets);
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

    public static List<Map<String, Object>> around(Vigil vigil, String id, int before, int after) throws IOException {
        try {
            return vigil.logs().index().around(id, before, after).stream().map(LogViews::hit).toList();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    static Map<String, Object> hit(LogStore.Hit h) {
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

package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.author;
import static dev.vigil.server.http.Requests.body;

import dev.vigil.threats.Threats;
import dev.vigil.threats.source.SourceStatus;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code /api/v1/threats}: leak findings (list, one with its history, triage) and the sources' state. Findings
 * carry masked excerpts only; the secrets' hashes stay in the store (a weak password's hash is guessable).
 */
final class ThreatsApi {
    private final Threats threats;

    ThreatsApi(Threats threats) {
        this.threats = threats;
    }

    void register(Javalin app) {
        app.get("/api/v1/threats/findings", ctx -> ctx.json(Map.of("findings",
                threats.findings(filter(ctx)).stream().map(ThreatsApi::json).toList())));
        app.get("/api/v1/threats/findings/{id}", ctx -> {
            Finding f = threats.finding(id(ctx)).orElseThrow(() -> ApiError.notFound("no finding " + ctx.pathParam("id")));
            Map<String, Object> m = json(f);
            m.put("history", threats.history(f.id()).stream().map(c -> Map.of("at", c.at(), "who", c.who(), "what", c.what(),
                    "text", c.text())).toList());
            ctx.json(m);
        });
        app.patch("/api/v1/threats/findings/{id}", ctx -> ctx.json(json(triage(ctx, id(ctx), body(ctx)))));
        app.patch("/api/v1/threats/findings", ctx -> {
            Map<String, Object> b = body(ctx);
            if (!(b.get("ids") instanceof List<?> ids) || ids.isEmpty() || ids.size() > 1000) {
                throw ApiError.badRequest("send {\"ids\": [1, 2], \"state\": \"resolved\"}: 'ids' lists 1 to 1000 finding ids");
            }
            List<Object> out = new ArrayList<>();
            for (Object id : ids) {
                if (!(id instanceof Number n)) {
                    throw ApiError.badRequest("'ids' must be numbers");
                }
                out.add(json(triage(ctx, n.longValue(), b)));
            }
            ctx.json(Map.of("findings", out));
        });
        app.get("/api/v1/threats/sources", ctx -> ctx.json(Map.of("sources", threats.sources().stream().map(ThreatsApi::json).toList(),
                "problems", threats.problems())));
    }

    private Finding triage(Context ctx, long id, Map<String, Object> b) {
        FindingState state = null;
        String s = Requests.text(b, "state", false);
        if (s != null) {
            try {
                state = FindingState.of(s);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        String assignee = Requests.text(b, "assignee", false);
        String comment = Requests.text(b, "comment", false);
        if (comment != null && comment.length() > 4000) {
            throw ApiError.badRequest("'comment' is limited to 4000 characters");
        }
        List<String> tags = null;
        if (b.containsKey("tags")) {
            if (!(b.get("tags") instanceof List<?> list) || list.stream().anyMatch(t -> !(t instanceof String ts) || ts.isBlank() || ts.length() > 64)) {
                throw ApiError.badRequest("'tags' must be a list of words (at most 64 characters each)");
            }
            tags = list.stream().map(String::valueOf).toList();
        }
        boolean allow = Boolean.TRUE.equals(b.get("allow"));
        if (state == null && assignee == null && comment == null && tags == null && !allow) {
            throw ApiError.badRequest("send at least one of 'state' (new, investigating, confirmed, false_positive, resolved),"
                    + " 'assignee', 'comment', 'tags' or 'allow': true");
        }
        try {
            return threats.triage(id, state, assignee, tags, comment, allow, author(ctx));
        } catch (NoSuchElementException e) {
            throw ApiError.notFound("no finding " + id);
        }
    }

    private static ThreatStore.Filter filter(Context ctx) {
        try {
            String state = ctx.queryParam("state");
            String severity = ctx.queryParam("severity");
            return new ThreatStore.Filter(state == null || state.isBlank() ? null : FindingState.of(state), ctx.queryParam("source"),
                    severity == null || severity.isBlank() ? null : Level.of(severity), Requests.intParam(ctx, "limit", 200, 1, 1000));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no finding " + ctx.pathParam("id"));
        }
    }

    static Map<String, Object> json(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("source", f.source());
        m.put("sourceName", f.sourceName());
        m.put("url", f.url());
        m.put("title", f.title());
        m.put("host", f.host());
        m.put("service", f.service());
        m.put("state", f.state().id());
        m.put("severity", f.severity().id());
        m.put("terms", f.terms());
        m.put("rules", f.rules());
        m.put("secrets", f.secrets().size());
        m.put("excerpt", f.excerpt());
        m.put("firstSeen", f.firstSeen());
        m.put("lastSeen", f.lastSeen());
        m.put("assignee", f.assignee());
        m.put("tags", f.tags());
        return m;
    }

    private static Map<String, Object> json(SourceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("type", s.type());
        m.put("url", s.url());
        m.put("interval", s.interval() == null ? null : s.interval().toSeconds());
        m.put("lastRun", s.lastRun());
        m.put("nextRun", s.nextRun());
        m.put("documents", s.documents());
        m.put("findings", s.findings());
        m.put("lastError", s.lastError());
        return m;
    }
}

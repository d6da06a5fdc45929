package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.author;
import static dev.vigil.server.http.Requests.body;

import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.Incidents;
import dev.vigil.incidents.Member;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code /api/v1/incidents}: incidents with their earliest signal, one with its events in time order,
 * acknowledging and resolving, and the Markdown timeline for a post-mortem.
 */
final class IncidentsApi {
    private final Incidents incidents;

    IncidentsApi(Incidents incidents) {
        this.incidents = incidents;
    }

    void register(Javalin app) {
        app.get("/api/v1/incidents", ctx -> {
            IncidentState state = state(ctx.queryParam("state"));
            ctx.json(Map.of("incidents", incidents.list(state, Requests.intParam(ctx, "limit", 100, 1, 1000)).stream().map(i -> {
                Map<String, Object> m = json(i);
                List<Member> members = incidents.members(i.id());
                members.stream().filter(e -> e.event() == i.earliest()).findFirst().ifPresent(e -> m.put("earliest", json(e, false)));
                return m;
            }).toList()));
        });
        app.get("/api/v1/incidents/{id}", ctx -> {
            Incident i = incident(ctx);
            Map<String, Object> m = json(i);
            m.put("events", incidents.members(i.id()).stream().map(e -> json(e, true)).toList());
            ctx.json(m);
        });
        app.get("/api/v1/incidents/{id}/report.md", ctx -> ctx.contentType("text/markdown; charset=utf-8")
                .result(incidents.report(incident(ctx).id())));
        app.post("/api/v1/incidents/{id}/acknowledge", ctx -> {
            long id = incident(ctx).id();
            ctx.json(json(incidents.acknowledge(id, author(ctx), comment(ctx))));
        });
        app.post("/api/v1/incidents/{id}/resolve", ctx -> {
            long id = incident(ctx).id();
            ctx.json(json(incidents.resolve(id, author(ctx), comment(ctx))));
        });
    }

    private static String comment(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            return null;
        }
        String c = Requests.text(body(ctx), "comment", false);
        if (c != null && c.length() > 2000) {
            throw ApiError.badRequest("'comment' is limited to 2000 characters");
        }
        return c;
    }

    private Incident incident(Context ctx) {
        try {
            return incidents.get(Long.parseLong(ctx.pathParam("id"))).orElseThrow();
        } catch (NumberFormatException | NoSuchElementException e) {
            throw ApiError.notFound("no incident " + ctx.pathParam("id"));
        }
    }

    private static IncidentState state(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return IncidentState.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'state' is open, acknowledged or resolved");
        }
    }

    static Map<String, Object> json(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("title", i.title());
        m.put("severity", i.severity().name());
        m.put("state", i.state().id());
        m.put("kind", i.kind().id());
        m.put("host", i.host());
        m.put("opened", i.opened());
        m.put("updated", i.updated());
        m.put("resolved", i.resolved());
        m.put("events", i.events());
        m.put("follows", i.follows() == 0 ? null : i.follows());
        m.put("note", i.note());
        return m;
    }

    private static Map<String, Object> json(Member e, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.event());
        m.put("time", e.at());
        m.put("source", e.source());
        m.put("host", e.host());
        m.put("kind", e.kind().id());
        m.put("severity", e.severity().name());
        m.put("title", e.title());
        if (full) {
            m.put("details", e.details());
            m.put("evidence", e.evidence());
        }
        return m;
    }
}

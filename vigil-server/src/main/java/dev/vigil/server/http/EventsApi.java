package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.instant;
import static dev.vigil.server.http.Requests.intParam;
import static dev.vigil.server.http.Requests.text;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.ProblemLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code /api/v1/events}: every capability's events, newest first (acknowledging them is {@link ChecksApi}'s), and
 * the deploys a deploy pipeline tells of.
 */
final class EventsApi {
    private final ProblemLog events;
    private final java.util.function.LongFunction<java.util.Optional<Long>> incidentOf;
    private final java.time.InstantSource clock;

    /** @param incidentOf the incident an event belongs to (each event links to it) */
    EventsApi(ProblemLog events, java.util.function.LongFunction<java.util.Optional<Long>> incidentOf, java.time.InstantSource clock) {
        this.events = events;
        this.incidentOf = incidentOf;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/events", this::events);
        app.post("/api/v1/events", this::post);
    }

    /**
     * {@code {"kind":"deploy","service":…,"version":…,"when":…,"description":…}}: a deploy, marked on the service's
     * graphs and beside its incidents. Only deploys: problems are what checks, logs and the rest find, not claims.
     */
    private void post(Context ctx) {
        Map<String, Object> body = Requests.body(ctx);
        String kind = text(body, "kind", true);
        if (!kind.equals(dev.vigil.core.event.EventKind.DEPLOY.id())) {
            throw ApiError.badRequest("'kind' must be 'deploy': the only event told from outside (problems are found, not posted)");
        }
        String service = text(body, "service", true);
        String version = java.util.Objects.requireNonNullElse(text(body, "version", false), "");
        String description = text(body, "description", false);
        if (service.length() > 120 || version.length() > 120 || description != null && description.length() > 2000) {
            throw ApiError.badRequest("'service' and 'version' take at most 120 characters, 'description' 2000");
        }
        Instant when = Requests.time(text(body, "when", false), "when", clock.instant());
        Event e = dev.vigil.apm.Apm.deploy(service, version, null, when, "'" + Requests.author(ctx) + "' through the API"
                + (description == null ? "" : ": " + description));
        events.append(List.of(e));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", e.kind().id());
        out.put("host", e.host());
        out.put("when", e.when());
        out.put("title", e.title());
        ctx.status(201).json(out);
    }

    private void events(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        Instant since = ctx.queryParam("since") == null ? Instant.EPOCH : instant(ctx.queryParam("since"), "since");
        List<Map<String, Object>> out = new ArrayList<>();
        for (var stored : events.newest(ctx.queryParam("host"), since, limit)) {
            Event e = stored.event();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", stored.id());
            m.put("when", e.when());
            m.put("host", e.host());
            m.put("source", e.source());
            m.put("kind", e.kind().id());
            m.put("severity", e.severity().name());
            m.put("title", e.title());
            m.put("details", e.details());
            m.put("fingerprint", e.fingerprint());
            m.put("evidence", e.evidence());
            m.put("alerts", e.alerts());
            m.put("suppression", e.suppression());
            m.put("incident", incidentOf.apply(stored.id()).orElse(null));
            out.add(m);
        }
        ctx.json(out);
    }
}

package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.instant;
import static dev.vigil.server.http.Requests.intParam;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.ProblemLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /api/v1/events}: every capability's events, newest first (acknowledging them is {@link ChecksApi}'s). */
final class EventsApi {
    private final ProblemLog events;
    private final java.util.function.LongFunction<java.util.Optional<Long>> incidentOf;

    /** @param incidentOf the incident an event belongs to (each event links to it) */
    EventsApi(ProblemLog events, java.util.function.LongFunction<java.util.Optional<Long>> incidentOf) {
        this.events = events;
        this.incidentOf = incidentOf;
    }

    void register(Javalin app) {
        app.get("/api/v1/events", this::events);
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

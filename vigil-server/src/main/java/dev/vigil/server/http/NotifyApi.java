package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.author;
import static dev.vigil.server.http.Requests.body;
import static dev.vigil.server.http.Requests.instant;
import static dev.vigil.server.http.Requests.intParam;
import static dev.vigil.server.http.Requests.text;

import dev.vigil.core.config.Durations;
import dev.vigil.notify.pipeline.Pipeline;
import dev.vigil.notify.report.Reports;
import dev.vigil.server.view.NotificationViews;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** Silences, receivers, the delivery history, test messages and reports: {@code /api/v1} of notifications. */
final class NotifyApi {
    private final Pipeline notifications;
    private final Reports reports;
    private final InstantSource clock;

    NotifyApi(Pipeline notifications, Reports reports, InstantSource clock) {
        this.notifications = notifications;
        this.reports = reports;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/silences", ctx -> ctx.json(notifications.silences()));
        app.post("/api/v1/silences", this::silence);
        app.delete("/api/v1/silences/{id}", ctx -> {
            if (!notifications.unsilence(ctx.pathParam("id"))) {
                throw ApiError.notFound("no silence with id '" + ctx.pathParam("id") + "'");
            }
            ctx.status(204);
        });
        app.get("/api/v1/notifications", ctx -> ctx.json(NotificationViews.history(notifications, ctx.queryParam("fingerprint"),
                intParam(ctx, "limit", 100, 1, 1000))));
        app.get("/api/v1/receivers", ctx -> ctx.json(NotificationViews.receivers(notifications)));
        app.post("/api/v1/reports/{name}/send", ctx -> ctx.json(reports.sendNow(ctx.pathParam("name"))));
        app.post("/api/v1/receivers/{name}/test", ctx -> {
            notifications.test(ctx.pathParam("name"));
            ctx.status(202).json(Map.of("queued", ctx.pathParam("name")));
        });
    }

    private void silence(Context ctx) {
        Map<String, Object> body = body(ctx);
        Object raw = body.get("matchers");
        if (!(raw instanceof Map<?, ?> matchers) || matchers.isEmpty()) {
            throw ApiError.badRequest("'matchers' must be an object of label: value, e.g. {\"host\": \"web1\"}");
        }
        Instant start = text(body, "start", false) == null ? clock.instant() : instant(text(body, "start", false), "start");
        Instant end;
        try {
            end = text(body, "end", false) != null ? instant(text(body, "end", false), "end")
                    : start.plus(Durations.parse(Optional.ofNullable(text(body, "duration", false)).orElse("2h")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        try {
            var s = NotificationViews.silence(matchers, start, end, author(ctx),
                    Optional.ofNullable(text(body, "comment", false)).orElse(""));
            ctx.status(201).json(notifications.silence(s));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}

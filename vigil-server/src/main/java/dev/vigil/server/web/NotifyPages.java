package dev.vigil.server.web;

import dev.vigil.checks.Target;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.core.config.Durations;
import dev.vigil.server.Vigil;
import dev.vigil.server.view.NotificationViews;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** The notifications' pages: silences, the delivery history and receivers, test messages, and the one-time acknowledgement link from a message. */
final class NotifyPages {
    private final Pages pages;
    private final Vigil vigil;
    private final Dashboard dashboard;

    NotifyPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
        this.dashboard = pages.dashboard();
    }

    void register(Javalin app) {
        app.get("/ack", this::ackPage);
        app.post("/ack", this::ack);
        app.get("/silences", ctx -> pages.render(ctx, "silences.jte", dashboard.silences(pages.frame(ctx, "Silences", "silences"))));
        app.get("/notifications", ctx -> pages.render(ctx, "notifications.jte",
                dashboard.notifications(pages.frame(ctx, "Notifications", "notifications"))));
        app.post("/actions/silence", ctx -> {
            Duration d;
            try {
                d = Durations.parse(Optional.ofNullable(ctx.formParam("duration")).filter(x -> !x.isBlank()).orElse("2h"));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            Map<String, String> matchers = new LinkedHashMap<>();
            for (String label : List.of("host", "service", "source", "severity")) {
                String v = Pages.trim(ctx.formParam(label), 200);
                if (!v.isEmpty()) {
                    matchers.put(label, v);
                }
            }
            if (matchers.isEmpty()) {
                throw new Pages.BadInput("a silence needs at least one of host, service, source or severity");
            }
            var now = vigil.scheduler().clock().instant();
            vigil.notifications().silence(NotificationViews.silence(matchers, now, now.plus(d),
                    pages.session(ctx).user(), Pages.trim(ctx.formParam("comment"), 500)));
            ctx.redirect(Pages.safeNext(ctx.formParam("back")), HttpStatus.SEE_OTHER);
            Pages.tell(ctx, "silence");
        });
        app.post("/actions/unsilence", ctx -> {
            vigil.notifications().unsilence(Pages.trim(ctx.formParam("id"), 100));
            ctx.redirect("/silences", HttpStatus.SEE_OTHER);
        });
        app.post("/actions/test-receiver", ctx -> {
            try {
                vigil.notifications().test(Pages.trim(ctx.formParam("receiver"), 200));
            } catch (NoSuchElementException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            ctx.redirect("/notifications", HttpStatus.SEE_OTHER);
        });

    }

    /**
     * A link from a message shows what it would acknowledge and asks for a click: mail scanners fetch links,
     * and a GET must not change anything. The POST then uses the link up.
     */
    private void ackPage(Context ctx) {
        var grant = vigil.notifications().verifyAckLink(ctx.queryParam("t"));
        if (grant.isEmpty()) {
            pages.error(ctx, 403, "Link not valid", "This acknowledgement link is wrong or has expired. Sign in to acknowledge.");
            return;
        }
        var g = grant.get();
        String what = g.service() == null ? "host " + g.host() : g.service() + " on " + g.host();
        String csrf = pages.freshCsrfCookie(ctx);
        pages.render(ctx, "ack.jte", new Model.AckPage(what, ctx.queryParam("t"), csrf, null));
    }

    private void ack(Context ctx) {
        var grant = vigil.notifications().verifyAckLink(ctx.formParam("t"));
        if (grant.isEmpty()) {
            pages.error(ctx, 403, "Link not valid", "This acknowledgement link is wrong or has expired. Sign in to acknowledge.");
            return;
        }
        var g = grant.get();
        Target t = g.service() == null ? Target.host(g.host()) : Target.service(g.host(), g.service());
        String what = g.service() == null ? "host " + g.host() : g.service() + " on " + g.host();
        if (!vigil.notifications().useAckLink(g)) {
            pages.error(ctx, 410, "Link already used", "This link was used already. Sign in for anything else.");
            return;
        }
        try {
            vigil.engine().acknowledge(t, new Acknowledgement("acknowledgement link", "acknowledged from a notification",
                    true, vigil.scheduler().clock().instant()));
        } catch (IllegalStateException | NoSuchElementException e) {
            pages.error(ctx, 409, "Nothing to acknowledge", what + " has no current problem.");
            return;
        }
        ctx.cookie(pages.cookie(Pages.CSRF_COOKIE, "", 0));
        pages.render(ctx, "ack.jte", new Model.AckPage(what, null, null, "Acknowledged. Sign in for anything else."));
    }
}

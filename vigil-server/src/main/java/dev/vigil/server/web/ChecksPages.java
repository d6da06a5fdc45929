package dev.vigil.server.web;

import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.Registrations;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.core.RandomId;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.Durations;
import dev.vigil.server.Vigil;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;

/** The checks' pages: the overview, hosts, a host, a service, the event list, and their actions (recheck, acknowledge, downtime, remove). */
final class ChecksPages {
    private final Pages pages;
    private final Vigil vigil;
    private final Dashboard dashboard;

    ChecksPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
        this.dashboard = pages.dashboard();
    }

    void register(Javalin app) {
        app.get("/", ctx -> pages.render(ctx, "overview.jte", dashboard.overview(pages.frame(ctx, "Overview", "overview"))));
        app.get("/hosts", ctx -> pages.render(ctx, "hosts.jte", dashboard.hosts(pages.frame(ctx, "Hosts", "hosts"))));
        app.get("/upstream", ctx -> pages.render(ctx, "upstream.jte", dashboard.upstream(pages.frame(ctx, "Upstream", "upstream"))));
        // What admins tell the public on our own status pages: open an incident, add updates until it is resolved.
        app.post("/actions/public-incident", ctx -> {
            String page = Optional.ofNullable(ctx.formParam("page")).orElse("");
            String name = Pages.trim(ctx.formParam("name"), 200);
            String body = Pages.trim(ctx.formParam("body"), 5000);
            String impact = Optional.ofNullable(ctx.formParam("impact")).orElse("minor");
            String status = Optional.ofNullable(ctx.formParam("status")).orElse("investigating");
            if (vigil.config().statusPages().pages().stream().noneMatch(p -> p.name().equals(page)) || name.isBlank() || body.isBlank()
                    || !dev.vigil.core.publish.PublicIncidents.IMPACTS.contains(impact) || !dev.vigil.core.publish.PublicIncidents.STATUSES.contains(status)) {
                throw new Pages.BadInput("an incident needs a status page, a name, what to tell the public, a status and an impact");
            }
            vigil.publicIncidents().open(page, name, impact, List.of(), new dev.vigil.core.publish.PublicIncidents.Update(status, body,
                    vigil.scheduler().clock().instant()));
            vigil.statusPages().changed();
            ctx.redirect("/upstream", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        app.post("/actions/public-incident-update", ctx -> {
            String status = Optional.ofNullable(ctx.formParam("status")).orElse("");
            String body = Pages.trim(ctx.formParam("body"), 5000);
            if (!dev.vigil.core.publish.PublicIncidents.STATUSES.contains(status) || body.isBlank()) {
                throw new Pages.BadInput("an update needs a status and what to tell the public");
            }
            if (vigil.publicIncidents().update(Optional.ofNullable(ctx.formParam("id")).orElse(""),
                    new dev.vigil.core.publish.PublicIncidents.Update(status, body, vigil.scheduler().clock().instant())).isEmpty()) {
                throw new Pages.BadInput("that incident is not there");
            }
            vigil.statusPages().changed();
            ctx.redirect("/upstream", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        app.get("/host", ctx -> {
            String name = ctx.queryParam("name");
            var model = name == null ? Optional.<Model.HostDetail>empty()
                    : dashboard.host(pages.frame(ctx, name, "hosts"), name, Optional.ofNullable(ctx.queryParam("range")).orElse("day"));
            if (model.isEmpty()) {
                pages.notFound(ctx);
                return;
            }
            pages.render(ctx, "host.jte", model.get());
        });
        app.get("/service", ctx -> {
            String host = ctx.queryParam("host");
            String name = ctx.queryParam("name");
            var model = host == null || name == null ? Optional.<Model.ServiceDetail>empty()
                    : dashboard.service(pages.frame(ctx, name + " on " + host, "hosts"), host, name);
            if (model.isEmpty()) {
                pages.notFound(ctx);
                return;
            }
            pages.render(ctx, "service.jte", model.get());
        });
        app.get("/events", ctx -> pages.render(ctx, "events.jte", dashboard.eventsPage(pages.frame(ctx, "Events", "events"),
                ctx.queryParam("host"), ctx.queryParam("source"), ctx.queryParam("severity"), ctx.queryParam("since"))));
        app.post("/actions/recheck", ctx -> {
            pages.act(ctx, t -> vigil.engine().checkNow(t));
            Pages.tell(ctx, "recheck");
        });
        app.post("/actions/acknowledge", ctx -> pages.act(ctx, t -> vigil.engine().acknowledge(t, new Acknowledgement(
                pages.session(ctx).user(), Pages.trim(ctx.formParam("comment"), 500), !"false".equals(ctx.formParam("sticky")),
                vigil.scheduler().clock().instant()))));
        app.post("/actions/unacknowledge", ctx -> pages.act(ctx, t -> vigil.engine().removeAcknowledgement(t)));
        app.post("/actions/cancel-downtime", ctx -> {
            String id = Pages.trim(ctx.formParam("id"), 100);
            if (id.startsWith("config-") || !vigil.engine().cancelDowntime(id)) {
                throw new Pages.BadInput("that downtime is not there any more, or comes from the configuration files");
            }
            ctx.redirect(Pages.safeNext(ctx.formParam("back")), HttpStatus.SEE_OTHER);
        });
        app.post("/actions/acknowledge-event", ctx -> {
            String fingerprint = Pages.trim(ctx.formParam("fingerprint"), 64);
            if (!vigil.events().acknowledgeProblem(fingerprint, pages.session(ctx).user(), Pages.trim(ctx.formParam("comment"), 500),
                    vigil.scheduler().clock().instant())) {
                throw new Pages.BadInput("that problem is not open any more");
            }
            Pages.goBack(ctx);
        });
        app.post("/actions/downtime", ctx -> pages.act(ctx, t -> {
            Duration d;
            try {
                d = Durations.parse(Optional.ofNullable(ctx.formParam("duration")).orElse("1h"));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            var now = vigil.scheduler().clock().instant();
            vigil.engine().scheduleDowntime(new Downtime("dt-" + RandomId.next().substring(0, 12), t.host(),
                    t.service(), now, now.plus(d), null, null, null, Pages.trim(ctx.formParam("comment"), 500), pages.session(ctx).user()));
        }));
        app.post("/actions/remove", ctx -> pages.act(ctx, t -> {
            try {
                var kind = t.isHost() ? Registrations.Kind.HOST : Registrations.Kind.SERVICE;
                if (vigil.liveConfig().unregister(kind, t.host(), t.service()) == null) {
                    throw new Pages.BadInput(t + " comes from the configuration files; remove it there");
                }
            } catch (ConfigException e) {
                throw new Pages.BadInput("removing " + t + " would leave the configuration invalid: "
                        + e.errors().get(0).message());
            }
        }));
    }
}

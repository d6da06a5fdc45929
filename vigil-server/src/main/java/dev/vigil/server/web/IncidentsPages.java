package dev.vigil.server.web;

import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.Member;
import dev.vigil.server.Vigil;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The incidents page and one incident on one screen: its timeline, earliest signal first, with the evidence. */
final class IncidentsPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Pages pages;
    private final Vigil vigil;
    private final Dashboard dashboard;

    IncidentsPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
        this.dashboard = pages.dashboard();
    }

    void register(Javalin app) {
        app.get("/incidents", ctx -> pages.render(ctx, "incidents.jte", list(ctx, pages.frame(ctx, "Incidents", "incidents"))));
        app.get("/incidents/{id}", ctx -> {
            Incident i = incident(ctx.pathParam("id"));
            pages.render(ctx, "incident.jte", detail(i, pages.frame(ctx, "Incident #" + i.id(), "incidents")));
        });
        app.get("/incidents/{id}/report.md", ctx -> ctx.contentType("text/markdown; charset=utf-8")
                .result(vigil.incidents().report(incident(ctx.pathParam("id")).id())));
        app.post("/actions/incident", ctx -> {
            Incident i = incident(Optional.ofNullable(ctx.formParam("id")).orElse(""));
            String who = pages.session(ctx).user();
            String comment = Pages.trim(ctx.formParam("comment"), 2000);
            switch (Optional.ofNullable(ctx.formParam("do")).orElse("")) {
                case "acknowledge" -> vigil.incidents().acknowledge(i.id(), who, comment);
                case "resolve" -> vigil.incidents().resolve(i.id(), who, comment);
                default -> throw new Pages.BadInput("choose acknowledge or resolve");
            }
            ctx.redirect("/incidents/" + i.id(), HttpStatus.SEE_OTHER);
        });
    }

    private Incident incident(String id) {
        try {
            return vigil.incidents().get(Long.parseLong(id)).orElseThrow();
        } catch (NumberFormatException | NoSuchElementException e) {
            throw new Pages.BadInput("that incident is not there");
        }
    }

    private Model.IncidentsPage list(Context ctx, Model.Frame frame) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("");
        IncidentState only;
        try {
            only = state.isEmpty() || state.equals("all") ? null : IncidentState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Pages.BadInput("state is open, acknowledged, resolved or all");
        }
        List<Model.IncidentRow> rows = new ArrayList<>();
        for (Incident i : vigil.incidents().list(only, 100)) {
            if (state.isEmpty() && !i.state().active()) {
                continue; // the default view is what still needs someone
            }
            String earliest = vigil.incidents().members(i.id()).stream().filter(m -> m.event() == i.earliest()).map(Member::title).findFirst()
                    .orElse("");
            rows.add(new Model.IncidentRow(i.id(), i.title(), i.severity().name(), Dashboard.css(i.severity()), i.state().id(), i.kind().id(),
                    i.host() == null ? "—" : i.host(), TIME.format(i.opened()), dashboard.since(i.opened()) + " ago", i.events(), earliest));
        }
        return new Model.IncidentsPage(frame, rows, state);
    }

    private Model.IncidentDetail detail(Incident i, Model.Frame frame) {
        List<Model.TimelineEntry> timeline = new ArrayList<>();
        for (Member m : vigil.incidents().members(i.id())) {
            timeline.add(new Model.TimelineEntry(m.event(), TIME.format(m.at()), dashboard.since(m.at()) + " ago", m.source(),
                    m.host() == null ? "" : m.host(), m.kind().id(), m.severity().name(), Dashboard.css(m.severity()), m.title(), m.details(),
                    m.event() == i.earliest(), m.evidence()));
        }
        return new Model.IncidentDetail(frame, i.id(), i.title(), i.severity().name(), Dashboard.css(i.severity()), i.state().id(),
                i.kind().id(), i.host() == null ? "" : i.host(), TIME.format(i.opened()), i.resolved() == null ? "" : TIME.format(i.resolved()),
                i.note(), i.follows(), timeline);
    }
}

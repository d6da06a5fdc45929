package dev.vigil.server.web;

import dev.vigil.core.config.Durations;
import dev.vigil.server.Vigil;
import dev.vigil.threats.source.SourceStatus;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.Term;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;

/** The threats page (findings with filters and bulk triage, sources, watch list) and a finding's detail. */
final class ThreatsPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final List<String> OPEN = List.of("new", "investigating", "confirmed");

    private final Pages pages;
    private final Vigil vigil;

    ThreatsPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
    }

    void register(Javalin app) {
        app.get("/threats", ctx -> pages.render(ctx, "threats.jte", list(ctx, pages.frame(ctx, "Threats", "threats"))));
        app.get("/threats/{id}", ctx -> {
            Finding f = finding(ctx.pathParam("id"));
            pages.render(ctx, "threat.jte", detail(f, pages.frame(ctx, "Finding #" + f.id(), "threats")));
        });
        app.post("/actions/threats-triage", ctx -> {
            List<String> ids = ctx.formParams("id");
            if (ids.isEmpty() || ids.size() > 1000) {
                throw new Pages.BadInput("select one or more findings first");
            }
            FindingState state;
            try {
                state = FindingState.of(Optional.ofNullable(ctx.formParam("state")).orElse(""));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            String assignee = ctx.formParam("assignee") == null ? null : Pages.trim(ctx.formParam("assignee"), 100).strip();
            String comment = Pages.trim(ctx.formParam("comment"), 4000);
            boolean allow = "true".equals(ctx.formParam("allow"));
            for (String id : ids) {
                vigil.threats().triage(finding(id).id(), state, assignee, null, comment, allow, pages.session(ctx).user());
            }
            ctx.redirect(Pages.safeNext(ctx.formParam("back")), HttpStatus.SEE_OTHER);
        });
    }

    private Finding finding(String id) {
        try {
            return vigil.threats().finding(Long.parseLong(id)).orElseThrow();
        } catch (NumberFormatException | NoSuchElementException e) {
            throw new Pages.BadInput("that finding is not there");
        }
    }

    private Model.ThreatsPage list(Context ctx, Model.Frame frame) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("");
        String source = Optional.ofNullable(ctx.queryParam("source")).orElse("");
        String severity = Optional.ofNullable(ctx.queryParam("severity")).orElse("");
        Level atLeast;
        FindingState only;
        try {
            atLeast = severity.isEmpty() ? null : Level.of(severity);
            only = state.isEmpty() || state.equals("all") ? null : FindingState.of(state);
        } catch (IllegalArgumentException e) {
            throw new Pages.BadInput(e.getMessage());
        }
        List<Model.ThreatRow> rows = new ArrayList<>();
        for (Finding f : vigil.threats().findings(new ThreatStore.Filter(only, source, atLeast, 500))) {
            if (state.isEmpty() && !OPEN.contains(f.state().id())) {
                continue; // the default view is what still needs someone
            }
            rows.add(new Model.ThreatRow(f.id(), f.severity().id(), css(f.severity()), f.title(), f.source(), String.join(", ", f.terms()),
                    f.state().id().replace('_', ' '), TIME.format(f.lastSeen())));
        }
        TreeSet<String> sources = new TreeSet<>();
        List<Model.SourceRow> sourceRows = new ArrayList<>();
        for (SourceStatus s : vigil.threats().sources()) {
            sources.add(s.type());
            sourceRows.add(new Model.SourceRow(s.name(), s.type(), s.url(), s.interval() == null ? "on every check" : "every "
                    + Durations.format(s.interval()), when(s.lastRun()), when(s.nextRun()), s.documents(), s.findings(), s.lastError()));
        }
        var watch = vigil.threats().plan().watch();
        return new Model.ThreatsPage(frame, rows, state, source, severity, List.copyOf(sources), sourceRows,
                watch.terms().stream().map(Term::text).toList(), watch.ownSecretCount(), vigil.threats().problems());
    }

    private Model.ThreatDetail detail(Finding f, Model.Frame frame) {
        List<Model.HistoryRow> history = vigil.threats().history(f.id()).stream()
                .map(c -> new Model.HistoryRow(TIME.format(c.at()), c.who(), c.what(), c.text())).toList();
        String where = f.host() == null ? "" : f.host() + (f.service() == null || f.service().equals(f.host()) ? "" : "/" + f.service());
        return new Model.ThreatDetail(frame, f.id(), f.title(), f.severity().id(), css(f.severity()), f.state().id(), f.source(),
                f.url() == null ? "" : f.url(), where, String.join(", ", f.terms()), String.join(", ", f.rules()), f.secrets().size(),
                TIME.format(f.firstSeen()), TIME.format(f.lastSeen()), f.assignee(), String.join(", ", f.tags()), f.excerpt(), history);
    }

    private static String when(Instant at) {
        return at == null ? "—" : RUN.format(at);
    }

    private static String css(Level l) {
        return switch (l) {
            case CRITICAL, HIGH -> "critical";
            case MEDIUM -> "warning";
            case LOW -> "";
        };
    }
}

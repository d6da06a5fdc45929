package dev.vigil.server.web;

import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.Member;
import dev.vigil.server.Vigil;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.text.Secrets;
import dev.vigil.logs.LogStore;
import dev.vigil.metrics.SeriesKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The incidents page and one incident on one screen: its timeline, earliest signal first, with the evidence. */
final class IncidentsPages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
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
        List<Member> members = vigil.incidents().members(i.id());
        for (Member m : members) {
            timeline.add(new Model.TimelineEntry(m.event(), TIME.format(m.at()), dashboard.since(m.at()) + " ago", m.source(),
                    m.host() == null ? "" : m.host(), m.kind().id(), m.severity().name(), Dashboard.css(m.severity()), m.title(), m.details(),
                    m.event() == i.earliest(), m.evidence()));
        }
        Instant from = i.opened().minus(AROUND);
        Instant to = (i.resolved() != null ? i.resolved() : i.updated()).plus(AROUND);
        List<EvidenceLink> searches = searches(members);
        return new Model.IncidentDetail(frame, i.id(), i.title(), i.severity().name(), Dashboard.css(i.severity()), i.state().id(),
                i.kind().id(), i.host() == null ? "" : i.host(), TIME.format(i.opened()), i.resolved() == null ? "" : TIME.format(i.resolved()),
                i.note(), i.follows(), timeline, graphs(members, from, to), logLines(searches), searches);
    }

    /** How far before and after an incident its graphs reach. */
    private static final Duration AROUND = Duration.ofMinutes(30);
    private static final int MAX_GRAPHS = 10;
    private static final int MAX_LINES = 60;
    /** Searches run (and linked) at most: a long incident's hundreds of alerts must not make hundreds of searches. */
    private static final int MAX_SEARCHES = 10;

    /**
     * The series involved, over the incident's window (with the hosts' events as markers): those its events link
     * to, and the load of each host in it (the 502 burst beside the load spike).
     */
    private List<Model.Graph> graphs(List<Member> members, Instant from, Instant to) {
        Set<SeriesKey> keys = new LinkedHashSet<>();
        for (Member m : members) {
            for (EvidenceLink l : m.evidence()) {
                if (l.href().startsWith("/series?")) {
                    Map<String, String> q = query(l.href());
                    if (q.containsKey("host") && q.containsKey("name")) {
                        keys.add(new SeriesKey(q.get("host"), q.get("name")));
                    }
                }
            }
        }
        members.stream().map(Member::host).filter(h -> h != null).distinct().forEach(h -> keys.add(new SeriesKey(h, "load.1min")));
        List<Model.Graph> out = new ArrayList<>();
        for (SeriesKey k : keys) {
            if (out.size() == MAX_GRAPHS || vigil.metrics().store().info(k).isEmpty()) {
                continue;
            }
            String q = "host=" + Dashboard.enc(k.host()) + "&name=" + Dashboard.enc(k.name()) + "&from=" + from.getEpochSecond() + "&to=" + to.getEpochSecond();
            out.add(new Model.Graph(k.name() + " on " + k.host(), "/series-data?" + q, "/series?" + q));
        }
        return out;
    }

    /** The log searches its events name ("matching log lines"), each once. */
    private static List<EvidenceLink> searches(List<Member> members) {
        Map<String, EvidenceLink> out = new LinkedHashMap<>();
        for (Member m : members) {
            for (EvidenceLink l : m.evidence()) {
                if (l.href().startsWith("/logs?") && l.label().equals("matching log lines")) {
                    String from = query(l.href()).getOrDefault("from", "");
                    String day = from.matches("\\d+") ? DAY.format(Instant.ofEpochSecond(Long.parseLong(from))) : "search";
                    out.putIfAbsent(l.href(), new EvidenceLink(day, l.href())); // one link per search, named by when
                }
            }
        }
        return out.values().stream().limit(MAX_SEARCHES).toList();
    }

    /** The lines those searches find, oldest first, masked, at most {@link #MAX_LINES}. */
    private List<Model.LogLine> logLines(List<EvidenceLink> searches) {
        List<LogStore.Hit> hits = new ArrayList<>();
        for (EvidenceLink l : searches) {
            Map<String, String> q = query(l.href());
            try {
                hits.addAll(vigil.logs().index().search(q.get("q"), Instant.ofEpochSecond(Long.parseLong(q.get("from"))),
                        Instant.ofEpochSecond(Long.parseLong(q.get("to"))), 0, MAX_LINES, 0).hits());
            } catch (IOException | RuntimeException e) {
                // A search that fails (an index day pruned) leaves its link; the page still shows the rest.
            }
        }
        Map<String, LogStore.Hit> unique = new LinkedHashMap<>();
        hits.stream().sorted(java.util.Comparator.comparing(LogStore.Hit::time)).forEach(h -> unique.putIfAbsent(h.id(), h));
        return unique.values().stream().limit(MAX_LINES).map(h -> new Model.LogLine(TIME.format(h.time()), h.host() == null ? "" : h.host(),
                h.location() == null ? "" : h.location(), Secrets.mask(h.message()))).toList();
    }

    private static Map<String, String> query(String href) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = URI.create(href).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

}

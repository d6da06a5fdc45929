package dev.vigil.server.web;

import dev.vigil.core.config.Durations;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.logs.LogStore;
import dev.vigil.logs.SavedSearchStore;
import dev.vigil.logs.config.LogsPlan;
import dev.vigil.server.Vigil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;

/** Builds the log search pages: Kibana's discover view, for people who never want to open Kibana. */
final class LogsPages {
    private final Pages pages;
    private final Vigil vigil;

    LogsPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
    }

    void register(Javalin app) {
        app.post("/actions/save-search", ctx -> {
            String name = Pages.trim(ctx.formParam("name"), 100);
            String query = ctx.formParam("query");
            if (name == null || name.isBlank() || query == null || query.isBlank()) {
                throw new Pages.BadInput("a saved search needs a name and a query");
            }
            long threshold;
            Duration window;
            try {
                threshold = Long.parseLong(Optional.ofNullable(ctx.formParam("threshold")).orElse("0").strip());
                window = Durations.parse(Optional.ofNullable(ctx.formParam("window")).orElse("5m"));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput("the threshold must be a whole number and the window a duration such as 5m");
            }
            if (threshold < 0 || window.isZero() || window.compareTo(LogsPlan.MAX_WINDOW) > 0) {
                throw new Pages.BadInput("the threshold cannot be negative and the window must be longer than zero and at most 31d");
            }
            try {
                vigil.logs().index().count(query, vigil.scheduler().clock().instant().minus(window), vigil.scheduler().clock().instant());
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            vigil.logs().stored().save(new SavedSearchStore.Saved(name.strip(), query, threshold, window, pages.session(ctx).user()));
            ctx.redirect("/logs?q=" + Pages.url(query), HttpStatus.SEE_OTHER);
        });
        app.post("/actions/delete-search", ctx -> {
            vigil.logs().stored().delete(Optional.ofNullable(ctx.formParam("name")).orElse(""));
            ctx.redirect("/logs", HttpStatus.SEE_OTHER);
        });
        app.get("/logs", ctx -> pages.render(ctx, "logs.jte", LogsPages.search(vigil, pages.frame(ctx, "Logs", "logs"), ctx.queryParam("q"),
                ctx.queryParam("range"), ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("offset"))));
        app.get("/logs/around", ctx -> {
            String id = ctx.queryParam("id");
            if (id == null) {
                throw new Pages.BadInput("missing 'id'");
            }
            try {
                pages.render(ctx, "logs-around.jte", LogsPages.around(vigil, pages.frame(ctx, "Around one line", "logs"), id));
            } catch (IllegalArgumentException | NoSuchElementException e) {
                pages.notFound(ctx);
            }
        });
    }

    private static final int PAGE = 50;
    private static final int BUCKETS = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);


    static Model.LogsPage search(Vigil vigil, Model.Frame frame, String q, String range, String fromText, String toText,
                                 String offsetText) throws IOException {
        String query = q == null ? "" : q.strip();
        Instant now = vigil.scheduler().clock().instant();
        String r = range == null || range.isBlank() ? "24h" : range;
        Instant to;
        Instant from;
        String error = null;
        try {
            to = toText == null || toText.isBlank() ? now : time(toText);
            from = fromText == null || fromText.isBlank() ? to.minus(span(r)) : time(fromText);
        } catch (IllegalArgumentException e) {
            to = now;
            from = now.minus(Duration.ofDays(1));
            error = e.getMessage();
        }
        if (!from.isBefore(to)) {
            error = "'from' must be before 'to'";
            from = to.minus(Duration.ofDays(1));
        }
        int offset = 0;
        try {
            offset = offsetText == null ? 0 : Math.max(0, Math.min(10_000 - PAGE, Integer.parseInt(offsetText)));
        } catch (NumberFormatException e) {
            error = "'offset' must be a number";
        }
        LogStore.Page page = new LogStore.Page(0, List.of(), List.of());
        if (error == null) {
            try {
                page = vigil.logs().index().search(query, from, to, offset, PAGE, BUCKETS);
            } catch (IllegalArgumentException | LogStore.TooSlow e) {
                error = e.getMessage();
            }
        }
        String base = EvidenceLink.logs("these lines", query, from, to).href();
        List<Model.LogHit> hits = new ArrayList<>();
        int alertLevel = vigil.logs().plan().alertLevel();
        for (LogStore.Hit h : page.hits()) {
            // A line whose rule raised an alert links to the incident that alert joined.
            long incident = h.rule() != null && h.level() >= alertLevel ? vigil.incidents().incidentOfLine(h.host(), h.time()).orElse(0L) : 0;
            hits.add(hit(h, query, from, to, incident));
        }
        List<Model.Bar> bars = new ArrayList<>();
        long max = page.histogram().stream().mapToLong(b -> b[1]).max().orElse(0);
        int n = page.histogram().size();
        // The index narrows the histogram to the days that hold lines: its own buckets give the width.
        long first = n == 0 ? from.getEpochSecond() : page.histogram().get(0)[0];
        long width = n < 2 ? Math.max(1, to.getEpochSecond() - first) : Math.max(1, page.histogram().get(1)[0] - first);
        for (int i = 0; i < n; i++) {
            long[] b = page.histogram().get(i);
            bars.add(new Model.Bar(100.0 * i / n, 100.0 / n * 0.9, max == 0 ? 0 : 100.0 * b[1] / max, b[1],
                    TIME.format(Instant.ofEpochSecond(b[0])) + " UTC: " + b[1],
                    EvidenceLink.logs("these lines", query, Instant.ofEpochSecond(b[0]), Instant.ofEpochSecond(b[0] + width)).href()));
        }
        String newer = offset > 0 ? base + "&offset=" + Math.max(0, offset - PAGE) : null;
        String older = offset + PAGE < Math.min(page.total(), 10_000) ? base + "&offset=" + (offset + PAGE) : null;
        List<Model.SavedSearch> saved = new ArrayList<>();
        Set<String> configured = new HashSet<>();
        vigil.logs().plan().savedSearches().forEach(s -> configured.add(s.name()));
        for (var s : vigil.logs().savedSearches()) {
            saved.add(new Model.SavedSearch(s.name(), s.query(), "/logs?q=" + Dashboard.enc(s.query()) + "&range=24h",
                    s.threshold() > 0 ? "alerts above " + s.threshold() + " in " + Durations.format(s.window()) : "",
                    !configured.contains(s.name())));
        }
        // What is being read, so an empty page says whether that is because nothing is read.
        List<String> inputs = vigil.logs().pipeline().inputs().stream()
                .map(in -> in.name() + (in.problem() == null ? ": reading" : ": not reading")).toList();
        String axisFrom = bars.isEmpty() ? TIME.format(from) : TIME.format(Instant.ofEpochSecond(page.histogram().get(0)[0]));
        String axisTo = TIME.format(bars.isEmpty() ? to : Instant.ofEpochSecond(Math.min(to.getEpochSecond(), first + width * n)));
        return new Model.LogsPage(frame, query, String.valueOf(from.getEpochSecond()), String.valueOf(to.getEpochSecond()),
                fromText == null && toText == null ? r : "", page.total(), hits, bars, error, newer, older, vigil.logs().problems(), saved,
                inputs, axisFrom, axisTo);
    }

    static Model.LogsAround around(Vigil vigil, Model.Frame frame, String id) throws IOException {
        List<LogStore.Hit> lines = vigil.logs().index().around(id, 15, 15);
        String location = lines.isEmpty() ? "" : lines.get(0).location();
        List<Model.LogHit> out = new ArrayList<>();
        for (LogStore.Hit h : lines) {
            out.add(hit(h, "", h.time().minus(Duration.ofHours(1)), h.time().plus(Duration.ofHours(1)), 0));
        }
        return new Model.LogsAround(frame, location, out, id, "/logs?q=" + Dashboard.enc("location:\"" + location + "\""));
    }

    private static Model.LogHit hit(LogStore.Hit h, String query, Instant from, Instant to, long incident) {
        List<Model.FieldLink> fields = new ArrayList<>();
        for (Map.Entry<String, String> f : h.fields().entrySet()) {
            String term = f.getKey() + ":\"" + f.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            String narrowed = query.isBlank() ? term : "(" + query + ") AND " + term;
            fields.add(new Model.FieldLink(f.getKey(), f.getValue(), EvidenceLink.logs("these lines", narrowed, from, to).href()));
        }
        String css = h.level() >= 12 ? "critical" : h.level() >= 7 ? "warning" : "";
        return new Model.LogHit(TIME.format(h.time()), h.host(), h.location(), h.message(), h.rule(), h.level(), fields,
                "/logs/around?id=" + Dashboard.enc(h.id()), css, incident);
    }

    private static Duration span(String r) {
        return switch (r) {
            case "15m" -> Duration.ofMinutes(15);
            case "1h" -> Duration.ofHours(1);
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> Duration.ofDays(1);
        };
    }

    private static Instant time(String v) {
        Instant t;
        try {
            t = Instant.ofEpochSecond(Long.parseLong(v));
        } catch (RuntimeException e) {
            try {
                t = OffsetDateTime.parse(v).toInstant();
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("'from' and 'to' must be epoch seconds or ISO-8601 times");
            }
        }
        if (t.isBefore(Instant.EPOCH) || t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new IllegalArgumentException("'from' and 'to' must be between 1970 and 9999");
        }
        return t;
    }

}

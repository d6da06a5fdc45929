package dev.vigil.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.publish.PublicIncidents;
import dev.vigil.server.status.StatusPages;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The public status pages, anonymous and read-only: {@code /status} (and {@code /status/NAME}) as HTML that needs no
 * JavaScript, the same data in Atlassian Statuspage's JSON ({@code /status/api/v2/summary.json}, {@code status.json},
 * {@code components.json}, {@code incidents.json}, {@code scheduled-maintenances.json}) for the aggregators and
 * scripts that read Statuspage pages, RSS and Atom feeds of the incidents, and an SVG badge per component. Every
 * answer is cached (ETag, {@code Cache-Control}) and rendered once per computed page, so a burst of visitors costs
 * little.
 */
final class StatusSite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ROOT);
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final StatusPages pages;
    private final PublicIncidents incidents;
    private final Supplier<String> base;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    /** Rendered answers by path, with the computed page they were made from. */
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    private record Rendered(Instant of, byte[] body, String etag, String type) {}

    StatusSite(StatusPages pages, PublicIncidents incidents, Supplier<String> base) {
        this.pages = pages;
        this.incidents = incidents;
        this.base = base;
    }

    void register(Javalin app) {
        // The documents first: /status/history.rss is the first page's feed, not a page named "history.rss".
        for (String prefix : List.of("/status", "/status/{page}")) {
            app.get(prefix + "/api/v2/{document}", this::json);
            app.get(prefix + "/history.rss", ctx -> feed(ctx, false));
            app.get(prefix + "/history.atom", ctx -> feed(ctx, true));
            app.get(prefix + "/theme.css", this::theme);
            app.get(prefix + "/badge/{component}", this::badge);
        }
        app.get("/status", ctx -> html(ctx, null));
        app.get("/status/{page}", ctx -> html(ctx, ctx.pathParam("page")));
    }

    private static String pageName(Context ctx) {
        return ctx.pathParamMap().get("page");
    }

    /** Answers from the cache when the page was not computed anew, with 304 for a client that has it. */
    private void answer(Context ctx, StatusPages.Snapshot s, String type, Function<StatusPages.Snapshot, byte[]> make) {
        String key = ctx.path();
        Rendered r = rendered.get(key);
        if (r == null || !r.of().equals(s.at())) {
            byte[] body = make.apply(s);
            r = new Rendered(s.at(), body, "\"" + sha(body) + "\"", type);
            if (rendered.size() > 1000) {
                rendered.clear(); // bounded: paths come from visitors (badge names, page names)
            }
            rendered.put(key, r);
        }
        ctx.header("Cache-Control", "public, max-age=" + StatusPages.FRESH.toSeconds());
        ctx.header("ETag", r.etag());
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Access-Control-Allow-Origin", "*"); // aggregators read it from their own pages
        if (r.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(r.type()).result(r.body());
    }

    private Optional<StatusPages.Snapshot> snapshot(Context ctx) {
        Optional<StatusPages.Snapshot> s = pages.page(pageName(ctx));
        if (s.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("no such status page\n");
        }
        return s;
    }

    private void html(Context ctx, String name) {
        pages.page(name).ifPresentOrElse(s -> answer(ctx, s, "text/html; charset=utf-8", snap -> {
            StringOutput out = new StringOutput();
            templates.render("status.jte", view(snap, name == null ? "/status" : "/status/" + name), out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }), () -> ctx.status(404).contentType("text/plain").result("no such status page\n"));
    }

    // --- the HTML page's model ---------------------------------------------------------------------

    private Model.StatusView view(StatusPages.Snapshot s, String prefix) {
        ZoneId zone = s.page().zone();
        List<Model.StatusComponent> components = s.components().stream().map(c -> new Model.StatusComponent(c.name(), c.description(),
                c.status().replace('_', ' '), c.status(), c.uptime() == null ? "no data yet" : String.format(Locale.ROOT, "%.2f %% uptime", c.uptime()),
                c.days(), c.output())).toList();
        List<Model.StatusIncident> open = new ArrayList<>();
        List<Model.StatusIncident> past = new ArrayList<>();
        for (PublicIncidents.Incident i : s.incidents()) {
            Model.StatusIncident v = new Model.StatusIncident(i.id(), i.name(), i.status(), i.impact(), i.updates().stream()
                    .map(u -> new Model.StatusUpdate(capital(u.status()), u.body(), WHEN.format(u.at().atZone(zone)))).toList());
            (i.resolved() ? past : open).add(v);
        }
        List<Model.StatusMaintenance> m = s.maintenances().stream().map(x -> new Model.StatusMaintenance(x.name(),
                WHEN.format(x.from().atZone(zone)) + " to " + WHEN.format(x.until().atZone(zone)), String.join(", ", x.components()))).toList();
        return new Model.StatusView(s.page().title(), s.page().description(), s.page().logo(), prefix + "/theme.css", s.indicator(), s.description(),
                components, open, past, m, zone.getId(), WHEN.format(s.at().atZone(zone)), prefix);
    }

    private void theme(Context ctx) {
        snapshot(ctx).ifPresent(s -> answer(ctx, s, "text/css; charset=utf-8",
                snap -> (":root { --accent: " + snap.page().colour() + "; }\n").getBytes(StandardCharsets.UTF_8)));
    }

    // --- Statuspage's JSON ---------------------------------------------------------------------------

    private void json(Context ctx) {
        String document = ctx.pathParam("document");
        if (!List.of("summary.json", "status.json", "components.json", "incidents.json", "unresolved.json",
                "scheduled-maintenances.json").contains(document)) {
            ctx.status(404).contentType("text/plain").result("no such document\n");
            return;
        }
        snapshot(ctx).ifPresent(s -> answer(ctx, s, "application/json", snap -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("page", page(snap));
            switch (document) {
                case "summary.json" -> {
                    out.put("components", components(snap));
                    out.put("incidents", snap.unresolved().stream().map(i -> incident(snap, i)).toList());
                    out.put("scheduled_maintenances", maintenances(snap));
                    out.put("status", status(snap));
                }
                case "status.json" -> out.put("status", status(snap));
                case "components.json" -> out.put("components", components(snap));
                case "incidents.json" -> out.put("incidents", snap.incidents().stream().map(i -> incident(snap, i)).toList());
                case "unresolved.json" -> out.put("incidents", snap.unresolved().stream().map(i -> incident(snap, i)).toList());
                default -> out.put("scheduled_maintenances", maintenances(snap));
            }
            try {
                return JSON.writeValueAsBytes(out);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private String pageUrl(StatusPages.Snapshot s) {
        return base.get() + "/status/" + s.page().name();
    }

    private Map<String, Object> page(StatusPages.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.page().name());
        m.put("name", s.page().title());
        m.put("url", pageUrl(s));
        m.put("time_zone", s.page().zone().getId());
        m.put("updated_at", s.at().toString());
        return m;
    }

    private static Map<String, Object> status(StatusPages.Snapshot s) {
        return Map.of("indicator", s.indicator(), "description", s.description());
    }

    private static List<Map<String, Object>> components(StatusPages.Snapshot s) {
        return s.components().stream().map(c -> component(s, c, c.status())).toList();
    }

    private static Map<String, Object> component(StatusPages.Snapshot s, StatusPages.Component c, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("status", status);
        m.put("created_at", null);
        m.put("updated_at", c.updated().toString());
        m.put("position", c.position());
        m.put("description", c.description().isEmpty() ? null : c.description());
        m.put("showcase", true);
        m.put("start_date", null);
        m.put("group_id", null);
        m.put("page_id", s.page().name());
        m.put("group", false);
        m.put("only_show_if_degraded", false);
        return m;
    }

    private Map<String, Object> incident(StatusPages.Snapshot s, PublicIncidents.Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("status", i.status());
        m.put("created_at", i.created().toString());
        m.put("updated_at", i.updated().toString());
        m.put("monitoring_at", i.updates().stream().filter(u -> u.status().equals("monitoring")).map(u -> u.at().toString()).findFirst().orElse(null));
        m.put("resolved_at", i.resolved() ? i.updated().toString() : null);
        m.put("impact", i.impact());
        m.put("shortlink", pageUrl(s) + "#incident-" + i.id());
        m.put("started_at", i.created().toString());
        m.put("page_id", s.page().name());
        List<Map<String, Object>> updates = new ArrayList<>();
        int n = i.updates().size();
        for (PublicIncidents.Update u : i.updates()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", i.id() + "-" + n--);
            x.put("status", u.status());
            x.put("body", u.body());
            x.put("incident_id", i.id());
            x.put("created_at", u.at().toString());
            x.put("updated_at", u.at().toString());
            x.put("display_at", u.at().toString());
            x.put("affected_components", null);
            x.put("deliver_notifications", true);
            x.put("custom_tweet", null);
            x.put("tweet_id", null);
            updates.add(x);
        }
        m.put("incident_updates", updates);
        m.put("components", s.components().stream().filter(c -> i.components().contains(c.name())).map(c -> component(s, c, c.status())).toList());
        return m;
    }

    private List<Map<String, Object>> maintenances(StatusPages.Snapshot s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StatusPages.Maintenance x : s.maintenances()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("name", x.name());
            m.put("status", x.status());
            m.put("created_at", x.from().toString());
            m.put("updated_at", x.from().toString());
            m.put("monitoring_at", null);
            m.put("resolved_at", null);
            m.put("impact", "maintenance");
            m.put("shortlink", pageUrl(s));
            m.put("started_at", x.from().toString());
            m.put("page_id", s.page().name());
            m.put("incident_updates", List.of());
            m.put("components", s.components().stream().filter(c -> x.components().contains(c.name())).map(c -> component(s, c, c.status())).toList());
            m.put("scheduled_for", x.from().toString());
            m.put("scheduled_until", x.until().toString());
            out.add(m);
        }
        return out;
    }

    // --- feeds and badges --------------------------------------------------------------------------

    private void feed(Context ctx, boolean atom) {
        snapshot(ctx).ifPresent(s -> answer(ctx, s, atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
                snap -> (atom ? atom(snap) : rss(snap)).getBytes(StandardCharsets.UTF_8)));
    }

    /** An incident's updates as Statuspage writes them in its feeds: newest first, "Status - body", dated. */
    private static String updatesHtml(StatusPages.Snapshot s, PublicIncidents.Incident i) {
        StringBuilder b = new StringBuilder();
        for (PublicIncidents.Update u : i.updates()) {
            b.append("<p><small>").append(WHEN.format(u.at().atZone(s.page().zone()))).append("</small><br><strong>")
                    .append(xml(capital(u.status()))).append("</strong> - ").append(xml(u.body())).append("</p>");
        }
        return b.toString();
    }

    private String rss(StatusPages.Snapshot s) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n");
        b.append("<title>").append(xml(s.page().title())).append(" - Incident History</title>\n<link>").append(xml(pageUrl(s)))
                .append("</link>\n<description>").append(xml(s.page().title())).append(" status page</description>\n<pubDate>")
                .append(RFC_822.format(s.at().atZone(java.time.ZoneOffset.UTC))).append("</pubDate>\n");
        for (PublicIncidents.Incident i : s.incidents()) {
            b.append("<item>\n<title>").append(xml(i.name())).append("</title>\n<description>").append(xml(updatesHtml(s, i)))
                    .append("</description>\n<pubDate>").append(RFC_822.format(i.updated().atZone(java.time.ZoneOffset.UTC)))
                    .append("</pubDate>\n<link>").append(xml(pageUrl(s) + "#incident-" + i.id())).append("</link>\n<guid isPermaLink=\"false\">")
                    .append(xml(pageUrl(s) + "#incident-" + i.id())).append("</guid>\n</item>\n");
        }
        return b.append("</channel>\n</rss>\n").toString();
    }

    private String atom(StatusPages.Snapshot s) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        b.append("<id>").append(xml(pageUrl(s))).append("</id>\n<title>").append(xml(s.page().title())).append(" - Incident History</title>\n")
                .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(xml(pageUrl(s))).append("\"/>\n<updated>")
                .append(s.at()).append("</updated>\n");
        for (PublicIncidents.Incident i : s.incidents()) {
            b.append("<entry>\n<id>").append(xml(pageUrl(s) + "#incident-" + i.id())).append("</id>\n<title>").append(xml(i.name()))
                    .append("</title>\n<published>").append(i.created()).append("</published>\n<updated>").append(i.updated())
                    .append("</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"").append(xml(pageUrl(s) + "#incident-" + i.id()))
                    .append("\"/>\n<content type=\"html\">").append(xml(updatesHtml(s, i))).append("</content>\n</entry>\n");
        }
        return b.append("</feed>\n").toString();
    }

    /** {@code /status/badge/Website.svg} its state, {@code /status/badge/Website-uptime.svg} its 90-day uptime. */
    private void badge(Context ctx) {
        String file = ctx.pathParam("component");
        if (!file.endsWith(".svg")) {
            ctx.status(404).contentType("text/plain").result("badges are /status/badge/COMPONENT.svg or COMPONENT-uptime.svg\n");
            return;
        }
        boolean uptime = file.endsWith("-uptime.svg");
        String name = file.substring(0, file.length() - (uptime ? "-uptime.svg".length() : ".svg".length()));
        snapshot(ctx).ifPresent(s -> {
            Optional<StatusPages.Component> c = s.components().stream().filter(x -> x.name().equals(name)).findFirst();
            if (c.isEmpty()) {
                ctx.status(404).contentType("text/plain").result("no such component\n");
                return;
            }
            answer(ctx, s, "image/svg+xml", snap -> {
                StatusPages.Component x = snap.components().stream().filter(y -> y.name().equals(name)).findFirst().orElseThrow();
                String right = uptime ? (x.uptime() == null ? "no data" : String.format(Locale.ROOT, "%.2f%%", x.uptime())) : x.status().replace('_', ' ');
                String colour = switch (x.status()) {
                    case "operational" -> "#2da44e";
                    case "degraded_performance" -> "#d4a72c";
                    case "under_maintenance" -> "#0969da";
                    default -> "#cf222e";
                };
                return svg(x.name(), right, colour).getBytes(StandardCharsets.UTF_8);
            });
        });
    }

    /** A flat two-part badge, as shields.io draws them (widths from the character count: no fonts on a server). */
    static String svg(String left, String right, String colour) {
        int lw = 10 + 7 * left.length();
        int rw = 10 + 7 * right.length();
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (lw + rw) + "\" height=\"20\" role=\"img\" aria-label=\"" + xml(left)
                + ": " + xml(right) + "\"><title>" + xml(left) + ": " + xml(right) + "</title>"
                + "<rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/><rect x=\"" + lw + "\" width=\"" + rw + "\" height=\"20\" fill=\"" + colour + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">"
                + "<text x=\"" + lw / 2 + "\" y=\"14\">" + xml(left) + "</text><text x=\"" + (lw + rw / 2) + "\" y=\"14\">" + xml(right)
                + "</text></g></svg>";
    }

    static String xml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vigil.server.http;

import static dev.vigil.server.http.Html.escape;

import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.state.Status;
import dev.vigil.server.Vigil;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The minimal status page at {@code /}: every host and service with its state, problems first. Signing in
 * takes an API token once; after that an HttpOnly session cookie is used. Forms carry a CSRF token.
 */
final class StatusPage {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final Vigil vigil;
    private final Sessions sessions;

    StatusPage(Vigil vigil, Sessions sessions) {
        this.vigil = vigil;
        this.sessions = sessions;
    }

    void show(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(HttpServer.SESSION_COOKIE));
        if (session.isEmpty()) {
            signIn(ctx, null);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(page(session.get()));
    }

    private void signIn(Context ctx, String problem) {
        String csrf = Sessions.randomId();
        ctx.cookie(HttpServer.cookie(HttpServer.CSRF_COOKIE, csrf, 3600, true));
        ctx.header("Content-Security-Policy", CSP);
        ctx.contentType("text/html; charset=utf-8").result(head("Vigil - sign in", false)
                + "<main class=signin><h1>Vigil</h1>"
                + (problem == null ? "" : "<p class=error role=alert>" + escape(problem) + "</p>")
                + "<form method=post action=/login><label for=token>API token</label>"
                + "<input id=token name=token type=password autocomplete=off required>"
                + "<input type=hidden name=csrf value=\"" + escape(csrf) + "\">"
                + "<button type=submit>Sign in</button></form>"
                + "<p class=hint>Create a token with <code>vigil token create</code>.</p></main></body></html>");
    }

    void login(Context ctx) {
        String csrf = ctx.formParam("csrf");
        String expected = ctx.cookie(HttpServer.CSRF_COOKIE);
        if (csrf == null || expected == null || !constantTimeEquals(csrf, expected)) {
            ctx.status(403);
            signIn(ctx, "Your sign-in form expired; please try again.");
            return;
        }
        var token = vigil.tokens().verify(ctx.formParam("token"));
        if (token.isEmpty()) {
            ctx.status(401);
            signIn(ctx, "That token is not valid.");
            return;
        }
        String id = sessions.open(token.get().name());
        ctx.cookie(HttpServer.cookie(HttpServer.SESSION_COOKIE, id, (int) Sessions.LIFETIME.toSeconds(), true));
        ctx.cookie(HttpServer.cookie(HttpServer.CSRF_COOKIE, "", 0, true));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        String sessionId = ctx.cookie(HttpServer.SESSION_COOKIE);
        Optional<Sessions.Session> session = sessions.find(sessionId);
        String csrf = ctx.formParam("csrf");
        if (session.isEmpty() || csrf == null || !constantTimeEquals(csrf, session.get().csrf())) {
            ctx.status(403).contentType("text/plain").result("forbidden");
            return;
        }
        sessions.close(sessionId);
        ctx.cookie(HttpServer.cookie(HttpServer.SESSION_COOKIE, "", 0, true));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String page(Sessions.Session session) {
        Plan plan = vigil.engine().plan();
        Instant now = vigil.scheduler().clock().instant();
        StringBuilder b = new StringBuilder(head("Vigil", true));
        b.append("<header><h1>Vigil</h1><form method=post action=/logout><span>")
                .append(escape(session.tokenName()))
                .append("</span><input type=hidden name=csrf value=\"").append(escape(session.csrf()))
                .append("\"><button type=submit>Sign out</button></form></header><main>");

        b.append("<h2>Hosts</h2><table><thead><tr><th>Host</th><th>State</th><th>Address</th><th>Output</th>"
                + "<th>Last check</th></tr></thead><tbody>");
        List<HostDefinition> hosts = plan.hosts().values().stream()
                .sorted(Comparator.comparing((HostDefinition h) -> !status(Target.host(h.name())).map(s -> s.state().isProblem()).orElse(false))
                        .thenComparing(HostDefinition::name)).toList();
        for (HostDefinition h : hosts) {
            Optional<Status> s = status(Target.host(h.name()));
            if (s.isEmpty()) {
                continue;
            }
            b.append("<tr><td>").append(escape(h.name())).append("</td>").append(stateCell(s.get(), Target.host(h.name())))
                    .append("<td>").append(escape(h.address())).append("</td><td>").append(escape(s.get().output()))
                    .append("</td><td>").append(ago(s.get().lastCheck(), now)).append("</td></tr>");
        }
        b.append("</tbody></table>");

        b.append("<h2>Services</h2><table><thead><tr><th>Host</th><th>Service</th><th>State</th><th>Attempt</th>"
                + "<th>Output</th><th>Last check</th></tr></thead><tbody>");
        List<ServiceDefinition> services = plan.services().values().stream()
                .sorted(Comparator.comparing((ServiceDefinition d) -> -rank(status(d.target())))
                        .thenComparing(ServiceDefinition::host).thenComparing(ServiceDefinition::name)).toList();
        for (ServiceDefinition d : services) {
            Optional<Status> s = status(d.target());
            if (s.isEmpty()) {
                continue;
            }
            Status st = s.get();
            b.append("<tr><td>").append(escape(d.host())).append("</td><td>").append(escape(d.name())).append("</td>")
                    .append(stateCell(st, d.target())).append("<td>").append(st.attempt()).append('/')
                    .append(st.maxAttempts()).append(' ').append(st.stateType().name()).append("</td><td>")
                    .append(escape(st.output())).append("</td><td>").append(ago(st.lastCheck(), now)).append("</td></tr>");
        }
        b.append("</tbody></table></main></body></html>");
        return b.toString();
    }

    private Optional<Status> status(Target t) {
        return vigil.engine().status(t);
    }

    private static int rank(Optional<Status> s) {
        return s.map(st -> switch (st.state().name()) {
            case "CRITICAL", "DOWN" -> 4;
            case "UNKNOWN", "UNREACHABLE" -> 3;
            case "WARNING" -> 2;
            default -> 0;
        }).orElse(0);
    }

    private String stateCell(Status s, Target t) {
        StringBuilder notes = new StringBuilder();
        if (s.acknowledgement() != null) {
            notes.append(" <small>acknowledged by ").append(escape(s.acknowledgement().author())).append("</small>");
        }
        if (!vigil.engine().activeDowntimes(t).isEmpty()) {
            notes.append(" <small>in downtime</small>");
        }
        if (s.flapping()) {
            notes.append(" <small>flapping</small>");
        }
        return "<td class=\"state " + s.state().name().toLowerCase(java.util.Locale.ROOT) + "\">" + s.state().name()
                + notes + "</td>";
    }

    private static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration d = Duration.between(then, now);
        return "<time datetime=\"" + then + "\">" + (d.isNegative() ? "0s" : dev.vigil.core.config.Durations.format(
                Duration.ofSeconds(d.toSeconds()))) + " ago</time>";
    }

    private static String head(String title, boolean refresh) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + escape(title) + "</title>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
                + (refresh ? "<meta http-equiv=refresh content=30>" : "")
                + "<style>body{font:14px system-ui,sans-serif;margin:0;color:#1b1b1b}header{display:flex;"
                + "justify-content:space-between;align-items:center;padding:.5em 1em;background:#222;color:#fff}"
                + "header h1{font-size:1.2em;margin:0}main{padding:1em}table{border-collapse:collapse;width:100%;"
                + "margin-bottom:2em}th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;"
                + "vertical-align:top}.state{font-weight:600}.ok,.up{background:#d9f2d9}.warning,.unreachable"
                + "{background:#fff1c2}.critical,.down{background:#f9c9c9}.unknown{background:#e6d5f5}.pending"
                + "{background:#eee}.signin{max-width:22em;margin:4em auto}.signin input,.signin button{display:"
                + "block;width:100%;margin:.5em 0;padding:.4em}.error{color:#a00}small{font-weight:400}</style>"
                + "</head><body>";
    }
}

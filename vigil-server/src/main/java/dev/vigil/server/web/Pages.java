package dev.vigil.server.web;

import dev.vigil.checks.Target;
import dev.vigil.core.RandomId;
import dev.vigil.core.access.Users;
import dev.vigil.core.text.LogText;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.Vigil;
import dev.vigil.server.view.Site;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard as a whole: what every page shares (the frame, templates, error pages, redirects that stay
 * on the site) and the guard in front of them all. Every page needs a session except sign-in and setup;
 * every form and state-changing request needs the session's CSRF token (or, before sign-in, the
 * double-submit cookie); actions need the admin role. The pages themselves are one class per capability
 * ({@link ChecksPages}, {@link MetricsPages}, {@link LogsPages}, {@link IntegrityPages}, {@link ThreatsPages}, {@link IncidentsPages}, {@link NotifyPages})
 * beside {@link SignIn}.
 */
public final class Pages implements Site {
    private static final Logger log = LoggerFactory.getLogger(Pages.class);
    static final String SESSION_COOKIE = "vigil_session";
    static final String CSRF_COOKIE = "vigil_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Set<String> PUBLIC = Set.of("/login", "/setup", "/healthz", "/favicon.ico", "/ack");

    private final Vigil vigil;
    private final WebSessions sessions;
    private final LoginThrottle throttle;
    private final Dashboard dashboard;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final boolean secureCookies;
    private final SignIn signIn;

    public Pages(Vigil vigil, boolean secureCookies) {
        this.vigil = vigil;
        this.sessions = new WebSessions(vigil.scheduler().clock(), vigil.sessions());
        vigil.scheduler().every(java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(1), () -> {
            try {
                sessions.prune();
            } catch (RuntimeException e) {
                // the ended ones are refused anyway; the next hour prunes them
            }
        });
        this.throttle = new LoginThrottle(vigil.scheduler().clock(), vigil.loginFailures());
        this.dashboard = new Dashboard(vigil);
        this.secureCookies = secureCookies;
        this.signIn = new SignIn(this, vigil.users(), sessions, throttle);
    }

    /** The one-time link for creating the first admin, when there is no user yet (never a default password). */
    @Override
    public Optional<String> setupLink() {
        return signIn.setupLink();
    }

    Dashboard dashboard() {
        return dashboard;
    }

    @Override
    public void register(Javalin app) {
        app.before(this::guard);
        signIn.register(app);
        new ChecksPages(this, vigil).register(app);
        new MetricsPages(this, vigil).register(app);
        new LogsPages(this, vigil).register(app);
        new IntegrityPages(this, vigil).register(app);
        new ThreatsPages(this, vigil).register(app);
        new IncidentsPages(this, vigil).register(app);
        new AgentsPages(this, vigil).register(app);
        new ApmPages(this, vigil).register(app);
        new NotifyPages(this, vigil).register(app);
        new StatusSite(vigil.statusPages(), vigil.publicIncidents(), () -> {
            var server = vigil.config().server();
            String url = server.publicUrl() != null ? server.publicUrl()
                    : "http://" + (server.host().contains(":") ? "[" + server.host() + "]" : server.host()) + ":" + server.port();
            return url.replaceAll("/+$", "");
        }).register(app);
        app.exception(BadInput.class, (e, ctx) -> error(ctx, 400, "That did not work", e.getMessage()));
    }

    // --- security ----------------------------------------------------------------------------------------

    /** Runs before every request that is not the API: security headers, sign-in, CSRF, roles. */
    private void guard(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/metrics") || path.equals("/write") || path.startsWith("/ping/")) {
            return; // the API, the metrics endpoint and InfluxDB's /write have their own token check; a ping's UUID is its secret
        }
        if ((path.equals("/status") || path.startsWith("/status/")) && ctx.method().name().matches("GET|HEAD")) {
            return; // the public status pages: anonymous and read-only, with a policy of their own (see StatusSite)
        }
        ctx.header("Content-Security-Policy", CSP);
        if (path.startsWith("/webjars/") || path.startsWith("/assets/")) {
            return;
        }
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (PUBLIC.contains(path)) {
            if (changes && !path.equals("/healthz") && !csrfCookieMatches(ctx)) {
                deny(ctx, "Your form expired. Reload the page and try again.");
            }
            return;
        }
        Optional<WebSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE)).filter(this::stillValid);
        if (session.isEmpty()) {
            if (changes) {
                deny(ctx, "Please sign in again.");
                return;
            }
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("session", session.get());
        if (changes) {
            String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam("csrf"));
            if (sent == null || !same(sent, session.get().csrf())) {
                deny(ctx, "Your form expired. Reload the page and try again.");
            } else if (path.startsWith("/actions/") && !session.get().isAdmin()) {
                deny(ctx, "Only admins can do that.");
            }
        }
    }

    /**
     * A session holds while its user exists with the same role and generation: {@code vigil user remove} and
     * {@code vigil user passwd} (another process, the same database) end it on its next request.
     */
    private boolean stillValid(WebSessions.Session s) {
        Optional<Users.User> u = vigil.users().find(s.user());
        if (u.isPresent() && u.get().generation() == s.generation() && u.get().role() == s.role()) {
            return true;
        }
        sessions.close(s.id());
        return false;
    }

    /** Answers 403 with a plain page and stops the request. */
    private void deny(Context ctx, String message) {
        error(ctx, 403, "Not allowed", message);
        ctx.skipRemainingHandlers();
    }

    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean csrfCookieMatches(Context ctx) {
        String cookie = ctx.cookie(CSRF_COOKIE);
        String sent = ctx.formParam("csrf");
        return cookie != null && sent != null && !cookie.isEmpty() && same(cookie, sent);
    }

    String freshCsrfCookie(Context ctx) {
        String csrf = RandomId.next();
        ctx.cookie(cookie(CSRF_COOKIE, csrf, 3600));
        return csrf;
    }

    Cookie cookie(String name, String value, int maxAge) {
        Cookie c = new Cookie(name, value, "/", maxAge, secureCookies, 0, true);
        c.setSameSite(SameSite.STRICT);
        return c;
    }

    WebSessions.Session session(Context ctx) {
        return ctx.attribute("session");
    }

    Model.Frame frame(Context ctx, String title, String nav) {
        WebSessions.Session s = session(ctx);
        String path = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        // An action that has no visible effect yet says what it did (the page it returns to reads ?done=).
        String notice = switch (Optional.ofNullable(ctx.queryParam("done")).orElse("")) {
            case "recheck" -> "Recheck scheduled: the new result shows here within the check's timeout.";
            case "silence" -> "Silenced: notifications about it are held until the silence ends.";
            default -> null;
        };
        return new Model.Frame(title, nav, s.user(), s.role().id(), s.isAdmin(), s.csrf(), path, notice);
    }

    /**
     * Only a path on this site, so the sign-in form cannot send people elsewhere. Browsers drop tabs and
     * newlines and read a backslash as a slash, so {@code /%09/evil.example} is {@code //evil.example} to them:
     * anything with a control character, a space, a backslash, or a second slash after the first is refused.
     */
    static String safeNext(String next) {
        if (next == null || !localPath(next)) {
            return "/";
        }
        // What a proxy or browser that decodes once more would see must not leave the site either
        // (/%09/evil.example, /%5Cevil.example): no control character or backslash, no second leading slash.
        try {
            String decoded = URLDecoder.decode(next.replace("+", "%2B"), StandardCharsets.UTF_8);
            boolean tricky = decoded.startsWith("//") || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
            return tricky ? "/" : next;
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    private static boolean localPath(String next) {
        if (next.length() > 2000 || !next.startsWith("/") || next.length() > 1 && next.charAt(1) == '/') {
            return false;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        try {
            URI u = new URI(next);
            return u.getScheme() == null && u.getRawAuthority() == null && u.getRawPath() != null
                    && u.getRawPath().startsWith("/") && !u.getRawPath().startsWith("//");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static SeriesKey seriesKey(Context ctx) {
        try {
            return new SeriesKey(ctx.queryParam("host"), ctx.queryParam("name"));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    // --- acknowledgement links from notifications ------------------------------------------------------------



    // --- actions -------------------------------------------------------------------------------------------

    /** A page action on a host or service. */
    @FunctionalInterface
    interface Action {
        void apply(Target target) throws Exception;
    }

    void act(Context ctx, Action action) throws Exception {
        String host = ctx.formParam("host");
        String service = ctx.formParam("service");
        if (host == null || host.isBlank()) {
            throw new BadInput("missing host");
        }
        Target t = service == null || service.isBlank() ? Target.host(host) : Target.service(host, service);
        if (vigil.engine().status(t).isEmpty()) {
            notFound(ctx);
            return;
        }
        try {
            action.apply(t);
        } catch (IllegalStateException | NoSuchElementException e) {
            throw new BadInput(e.getMessage());
        }
        goBack(ctx);
    }

    /** Adds {@code ?done=what} to the page an action goes back to, so that page says what was done. */
    static void tell(Context ctx, String what) {
        for (String header : new String[] {"Location", "HX-Redirect"}) {
            String back = ctx.res().getHeader(header);
            if (back != null && !back.contains("done=")) {
                int hash = back.indexOf('#');
                String path = hash < 0 ? back : back.substring(0, hash);
                String fragment = hash < 0 ? "" : back.substring(hash);
                ctx.header(header, path + (path.contains("?") ? "&" : "?") + "done=" + what + fragment);
            }
        }
    }

    /** After an action: back to the page it came from (an htmx request is told where, a form is redirected). */
    static void goBack(Context ctx) {
        String back = safeNext(ctx.formParam("back"));
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", back);
            ctx.status(204);
        } else {
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        }
    }


    /** A user mistake shown on a plain page (never an exception text from inside). */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    static String trim(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() > max ? t.substring(0, max) : t;
    }

    // --- rendering -------------------------------------------------------------------------------------------

    void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    void notFound(Context ctx) {
        error(ctx, 404, "Not found", "There is nothing here. It may have been removed.");
    }

    /** Plain error page: a message for people, never exception text, config values or credentials. */
    @Override
    public void error(Context ctx, int status, String title, String message) {
        ctx.status(status);
        render(ctx, "error.jte", new Model.ErrorPage(title, message, null));
    }

    /** A 500: the page shows an incident id; the log has the same id with the exception's class. */
    @Override
    public void failure(Context ctx, Exception e) {
        String incident = RandomId.next().substring(0, 10);
        log.error("incident {}: {} {} failed: {}", incident, ctx.method(), LogText.safe(ctx.path()), e.getClass().getName());
        ctx.status(500);
        try {
            render(ctx, "error.jte", new Model.ErrorPage("Something went wrong",
                    "Vigil could not show this page. If it keeps happening, tell your administrator this incident id.",
                    incident));
        } catch (RuntimeException renderFailure) {
            ctx.contentType("text/plain").result("Something went wrong. Incident " + incident);
        }
    }
}

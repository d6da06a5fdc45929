package dev.vigil.server.http;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.Registrations;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.Status;
import dev.vigil.core.RandomId;
import dev.vigil.core.StoreException;
import dev.vigil.core.access.Tokens;
import dev.vigil.core.config.ConfigError;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.text.LogText;
import dev.vigil.logs.LogStore;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.ListenFailure;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.view.NotificationViews;
import dev.vigil.server.web.Pages;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Vigil: the JSON API under {@code /api/v1} (bearer token on every call) and the minimal
 * status page at {@code /} (signed in with a token, session cookie, CSRF-checked forms).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Vigil vigil;
    private final Pages pages;
    private final Javalin app;

    private final TlsKeys.Material tls;
    private volatile String host;
    private volatile int port;

    public HttpServer(Vigil vigil) {
        this(vigil, null);
    }

    /** @param tls HTTPS key material, or null for plain HTTP (loopback use) */
    public HttpServer(Vigil vigil, TlsKeys.Material tls) {
        this.vigil = vigil;
        this.tls = tls;
        this.pages = new Pages(vigil, tls != null);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(mapper, true));
            config.http.maxRequestSize = BodyLimit.MAX_BYTES;
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new org.eclipse.jetty.servlet.FilterHolder(new BodyLimit()), "/*",
                    EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            config.http.defaultContentType = "application/json";
            if (tls != null) {
                config.jetty.addConnector((server, httpConfig) -> httpsConnector(server, httpConfig));
                if (tls.settings().redirects()) {
                    config.jetty.addConnector((server, httpConfig) -> {
                        var plain = new org.eclipse.jetty.server.ServerConnector(server);
                        plain.setHost(tls.settings().redirectHost());
                        plain.setPort(tls.settings().redirectPort());
                        return plain;
                    });
                }
            }
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/assets";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
        });
        routes();
    }

    public Pages pages() {
        return pages;
    }

    /** Starts listening; returns the bound port (useful when the configured port is 0). */
    public int start(String host, int port) {
        this.host = host;
        this.port = port;
        if (tls != null) {
            app.start(); // our HTTPS connector (first) and the optional redirect connector replace Javalin's
        } else {
            app.start(host, port);
        }
        String publicUrl = vigil.config().server().publicUrl();
        if (publicUrl == null) {
            String h = host.equals("0.0.0.0") || host.equals("::") ? localName() : host.contains(":") ? "[" + host + "]" : host;
            publicUrl = (tls != null ? "https://" : "http://") + h + ":" + app.port();
        }
        vigil.notifications().enableAckLinks(publicUrl, Duration.ofDays(7));
        return app.port();
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private org.eclipse.jetty.server.Connector httpsConnector(org.eclipse.jetty.server.Server server,
                                                            org.eclipse.jetty.server.HttpConfiguration httpConfig) {
        var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        var https = new org.eclipse.jetty.server.HttpConfiguration(httpConfig);
        // SNI host checks would refuse IP addresses and names not in the certificate; Vigil is often reached by IP.
        var customizer = new org.eclipse.jetty.server.SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        var connector = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public void close() {
        app.stop();
    }

    private void routes() {
        app.before(ctx -> {
            if (tls != null && !ctx.req().isSecure()) {
                // The plain-HTTP listener only redirects, so nothing (no token, no password) travels in clear.
                ctx.redirect(httpsBase(ctx.header("Host")) + ctx.path()
                        + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), io.javalin.http.HttpStatus.PERMANENT_REDIRECT);
                ctx.skipRemainingHandlers();
                return;
            }
            if (tls != null) {
                ctx.header("Strict-Transport-Security", "max-age=31536000");
            }
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        app.before("/api/*", this::authenticate);
        app.before("/metrics", this::authenticate);

        // Browsers ask for /favicon.ico whatever the page says; the same SVG answers.
        app.get("/favicon.ico", ctx -> {
            try (var in = HttpServer.class.getResourceAsStream("/assets/favicon.svg")) {
                ctx.contentType("image/svg+xml").header("Cache-Control", "max-age=86400").result(in.readAllBytes());
            }
        });
        app.get("/healthz", ctx -> {
            List<String> failing = vigil.unhealthy();
            ctx.contentType("text/plain").status(failing.isEmpty() ? 200 : 503)
                    .result(failing.isEmpty() ? "ok\n" : "failing\n" + String.join("\n", failing) + "\n");
        });

        app.get("/api/v1/hosts", this::hosts);
        app.post("/api/v1/hosts", ctx -> register(ctx, Registrations.Kind.HOST));
        app.delete("/api/v1/hosts", ctx -> unregister(ctx, Registrations.Kind.HOST));
        app.get("/api/v1/services", this::services);
        app.post("/api/v1/services", ctx -> register(ctx, Registrations.Kind.SERVICE));
        app.delete("/api/v1/services", ctx -> unregister(ctx, Registrations.Kind.SERVICE));
        app.get("/api/v1/results", this::results);
        app.post("/api/v1/results", this::submit);
        app.get("/api/v1/events", this::events);
        app.get("/api/v1/downtimes", ctx -> ctx.json(vigil.engine().downtimes().stream()
                .map(d -> Views.downtime(d, now())).toList()));
        app.post("/api/v1/downtimes", this::scheduleDowntime);
        app.delete("/api/v1/downtimes/{id}", this::cancelDowntime);
        app.post("/api/v1/acknowledgements", this::acknowledge);
        app.delete("/api/v1/acknowledgements", this::unacknowledge);
        app.post("/api/v1/checks", this::checkNow);
        app.post("/api/v1/reload", this::reload);
        app.get("/api/v1/silences", ctx -> ctx.json(vigil.notifications().silences()));
        app.post("/api/v1/silences", this::silence);
        app.delete("/api/v1/silences/{id}", ctx -> {
            if (!vigil.notifications().unsilence(ctx.pathParam("id"))) {
                throw ApiError.notFound("no silence with id '" + ctx.pathParam("id") + "'");
            }
            ctx.status(204);
        });
        app.get("/api/v1/notifications", ctx -> ctx.json(NotificationViews.history(vigil, ctx.queryParam("fingerprint"),
                intParam(ctx, "limit", 100, 1, 1000))));
        app.get("/api/v1/receivers", ctx -> ctx.json(NotificationViews.receivers(vigil)));
        app.get("/api/v1/series", ctx -> ctx.json(vigil.metrics().store().series(ctx.queryParam("host")).stream()
                .map(MetricViews::series).toList()));
        app.delete("/api/v1/series", ctx -> {
            if (!vigil.metrics().store().remove(seriesKey(ctx))) {
                throw ApiError.notFound("no series '" + ctx.queryParam("name") + "' on host '" + ctx.queryParam("host") + "'");
            }
            ctx.status(204);
        });
        app.get("/api/v1/series/query", ctx -> ctx.json(MetricViews.query(vigil, seriesKey(ctx), ctx.queryParam("from"),
                ctx.queryParam("to"), ctx.queryParam("step"))));
        app.get("/api/v1/graph.png", ctx -> {
            byte[] png = MetricViews.graph(vigil, seriesKey(ctx), Optional.ofNullable(ctx.queryParam("range")).orElse("day"),
                    ctx.queryParam("from"), ctx.queryParam("to"));
            ctx.contentType("image/png").result(png);
        });
        app.get("/api/v1/processes", ctx -> {
            String host = ctx.queryParam("host");
            if (host == null) {
                throw ApiError.badRequest("missing query parameter 'host'");
            }
            Instant at = ctx.queryParam("at") == null ? now() : instant(ctx.queryParam("at"), "at");
            ctx.json(vigil.metrics().topProcesses(host, at).orElseThrow(() -> ApiError.notFound(
                    "no process snapshot for host '" + host + "' (only the machine Vigil runs on is sampled)")));
        });
        app.get("/api/v1/forecast", ctx -> ctx.json(MetricViews.forecast(vigil, seriesKey(ctx))));
        app.get("/api/v1/logs/search", ctx -> ctx.json(LogViews.search(vigil, ctx.queryParam("q"), ctx.queryParam("from"),
                ctx.queryParam("to"), intParam(ctx, "offset", 0, 0, 10_000), intParam(ctx, "limit", 50, 1, 500),
                intParam(ctx, "buckets", 0, 0, 500))));
        app.get("/api/v1/logs/around", ctx -> {
            String id = ctx.queryParam("id");
            if (id == null) {
                throw ApiError.badRequest("missing query parameter 'id' (a hit's id from /api/v1/logs/search)");
            }
            ctx.json(LogViews.around(vigil, id, intParam(ctx, "before", 10, 0, 200), intParam(ctx, "after", 10, 0, 200)));
        });
        app.get("/api/v1/integrity/changes", ctx -> ctx.json(vigil.integrity().pending().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", c.path());
            m.put("change", c.kind().id());
            m.put("before", c.before());
            m.put("after", c.after());
            m.put("diff", c.diff());
            return m;
        }).toList()));
        app.post("/api/v1/integrity/accept", ctx -> {
            // Accepting everything (sudoers and shadow included) must be asked for in so many words.
            Map<String, Object> b = body(ctx);
            Object path = b.get("path");
            if (path instanceof String p && !p.isBlank() && !b.containsKey("all")) {
                ctx.json(Map.of("accepted", vigil.integrity().accept(p)));
            } else if (Boolean.TRUE.equals(b.get("all")) && !b.containsKey("path")) {
                ctx.json(Map.of("accepted", vigil.integrity().accept(null)));
            } else {
                throw ApiError.badRequest("send {\"path\": \"/etc/file\"} to accept one path, or {\"all\": true} to accept every pending change");
            }
        });
        app.get("/api/v1/audit/findings", ctx -> ctx.json(vigil.integrity().findings().stream().map(f -> Map.of(
                "class", f.kind().substring("audit:".length()), "path", f.path(), "severity", f.severity(), "why", f.why(),
                "remediation", f.remediation(), "since", Instant.ofEpochMilli(f.firstSeen()))).toList()));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(MetricViews.selfMetrics(vigil)));
        app.post("/api/v1/reports/{name}/send", ctx -> ctx.json(vigil.reports().sendNow(ctx.pathParam("name"))));
        app.post("/api/v1/receivers/{name}/test", ctx -> {
            vigil.notifications().test(ctx.pathParam("name"));
            ctx.status(202).json(Map.of("queued", ctx.pathParam("name")));
        });

        pages.register(app);

        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(NoSuchElementException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(LiveConfig.RegistrationRefused.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(LogStore.TooSlow.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                pages.error(ctx, 503, "Search stopped", e.getMessage());
                return;
            }
            error(ctx, 503, e.getMessage());
        });
        app.exception(IllegalStateException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        app.exception(StoreException.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                pages.failure(ctx, e);
                return;
            }
            log.error("request {} {} could not be stored: {}", ctx.method(), LogText.safe(ctx.path()), LogText.safe(e.getMessage()));
            error(ctx, 503, "storage unavailable; nothing was changed, please retry");
        });
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                pages.failure(ctx, e);
                return;
            }
            // Never send internals to the client; the log keeps the cause (without a stack trace or values).
            String incident = RandomId.next().substring(0, 10);
            log.error("incident {}: {} {} failed: {}", incident, ctx.method(), LogText.safe(ctx.path()), e.getClass().getName());
            error(ctx, 500, "internal error (incident " + incident + "); see the server log");
        });
        app.error(404, ctx -> {
            if (ctx.result() != null && !ctx.result().isEmpty()) {
                return;
            }
            if (ctx.path().startsWith("/api/")) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            } else {
                pages.error(ctx, 404, "Not found", "There is nothing here.");
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method not allowed"));
    }

    /**
     * Where the HTTPS listener is, for the plain listener's redirect: the configured public URL, else the name
     * the client used if it is a plain host name or address (never a header that could point elsewhere, like
     * {@code evil.example/x} or {@code a@b}), else the address Vigil listens on.
     */
    private String httpsBase(String hostHeader) {
        String publicUrl = vigil.config().server().publicUrl();
        if (publicUrl != null && publicUrl.startsWith("https://")) {
            return publicUrl.replaceAll("/+$", "");
        }
        String name = hostHeader == null ? "" : hostHeader.replaceAll(":\\d+$", "");
        if (!name.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]")) {
            name = host.equals("0.0.0.0") || host.equals("::") ? localName() : host.contains(":") ? "[" + host + "]" : host;
        }
        return "https://" + name + ":" + app.port();
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error" : message));
    }

    private Instant now() {
        return vigil.scheduler().clock().instant();
    }

    // --- authentication --------------------------------------------------------------------------------

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        Optional<Tokens.TokenInfo> token = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = vigil.tokens().verify(header.substring(7).trim());
        }
        if (token.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"vigil\"");
            throw new ApiError(401, header == null
                    ? "authentication required: send 'Authorization: Bearer TOKEN' (create one with 'vigil token create')"
                    : "invalid, expired or revoked token");
        }
        Tokens.Scope needed = needed(ctx.method().name(), ctx.path());
        if (!token.get().scope().allows(needed)) {
            throw new ApiError(403, "this token's scope is '" + token.get().scope().id() + "'; this call needs a token with scope '"
                    + needed.id() + "'" + (needed == Tokens.Scope.ADMIN ? "" : " or 'admin'"));
        }
        ctx.attribute("token", token.get());
    }

    /**
     * The scope a call needs: looking needs {@code read}; reporting a passive result needs {@code submit};
     * running Vigil itself (reload, accepting integrity changes, sending reports and test messages) needs
     * {@code admin}; every other change needs {@code write}.
     */
    static Tokens.Scope needed(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return Tokens.Scope.READ;
        }
        if (path.equals("/api/v1/results")) {
            return Tokens.Scope.SUBMIT;
        }
        if (path.equals("/api/v1/reload") || path.startsWith("/api/v1/integrity/") || path.startsWith("/api/v1/reports/")
                || path.startsWith("/api/v1/receivers/")) {
            return Tokens.Scope.ADMIN;
        }
        return Tokens.Scope.WRITE;
    }

    /** Who did it: the token's name, never what the request body claims. */
    private static String author(Context ctx, Map<String, Object> body) {
        Tokens.TokenInfo token = ctx.attribute("token");
        return token == null ? "api" : token.name();
    }

    // --- reading ---------------------------------------------------------------------------------------

    private void hosts(Context ctx) {
        Plan plan = vigil.engine().plan();
        List<Views.HostView> out = new ArrayList<>();
        for (HostDefinition h : plan.hosts().values()) {
            Target t = Target.host(h.name());
            vigil.engine().status(t).ifPresent(s -> out.add(Views.host(h, s, vigil.engine(), vigil.liveConfig().isRegistered(t))));
        }
        ctx.json(out);
    }

    private void services(Context ctx) {
        String host = ctx.queryParam("host");
        String state = ctx.queryParam("state");
        Plan plan = vigil.engine().plan();
        List<Views.ServiceView> out = new ArrayList<>();
        for (ServiceDefinition d : plan.services().values()) {
            if (host != null && !host.equals(d.host())) {
                continue;
            }
            Optional<Status> s = vigil.engine().status(d.target());
            if (s.isEmpty() || (state != null && !s.get().state().name().equalsIgnoreCase(state))) {
                continue;
            }
            out.add(Views.service(d, s.get(), vigil.engine(), vigil.liveConfig().isRegistered(d.target())));
        }
        ctx.json(out);
    }

    private Target target(String host, String service) {
        if (host == null || host.isBlank()) {
            throw ApiError.badRequest("missing 'host'");
        }
        Target t = service == null || service.isBlank() ? Target.host(host) : Target.service(host, service);
        if (vigil.engine().status(t).isEmpty()) {
            throw ApiError.notFound("unknown " + (t.isHost() ? "host '" + host + "'" : "service '" + service + "' on host '" + host + "'"));
        }
        return t;
    }

    private void results(Context ctx) {
        Target t = target(ctx.queryParam("host"), ctx.queryParam("service"));
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        Instant since = ctx.queryParam("since") == null ? Instant.EPOCH : instant(ctx.queryParam("since"), "since");
        ctx.json(vigil.results().results(t, since, limit));
    }

    private void events(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        Instant since = ctx.queryParam("since") == null ? Instant.EPOCH : instant(ctx.queryParam("since"), "since");
        List<Map<String, Object>> out = new ArrayList<>();
        for (var stored : vigil.events().newest(ctx.queryParam("host"), since, limit)) {
            Event e = stored.event();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", stored.id());
            m.put("when", e.when());
            m.put("host", e.host());
            m.put("source", e.source());
            m.put("kind", e.kind().id());
            m.put("severity", e.severity().name());
            m.put("title", e.title());
            m.put("details", e.details());
            m.put("fingerprint", e.fingerprint());
            m.put("evidence", e.evidence());
            m.put("alerts", e.alerts());
            m.put("suppression", e.suppression());
            out.add(m);
        }
        ctx.json(out);
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be a whole number from " + min + " to " + max);
        }
    }

    private static Instant instant(String v, String name) {
        try {
            return MetricViews.inRange(OffsetDateTime.parse(v).toInstant(), name);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("'" + name + "' must be an ISO-8601 date-time with offset, e.g. 2026-11-26T04:30:00Z");
        }
    }

    // --- writing ---------------------------------------------------------------------------------------

    private static Map<String, Object> body(Context ctx) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = ctx.bodyAsClass(Map.class);
            if (m == null) {
                throw new IllegalArgumentException();
            }
            return m;
        } catch (io.javalin.http.HttpResponseException e) {
            throw e; // e.g. 413 for a body over the limit: not a JSON problem
        } catch (Exception e) { // Javalin rethrows Jackson's checked parse exceptions unchecked
            throw ApiError.badRequest("request body must be one JSON object (and nothing after it)");
        }
    }

    private static String text(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                throw ApiError.badRequest("missing '" + key + "'");
            }
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw ApiError.badRequest("'" + key + "' must be a single value");
        }
        return String.valueOf(v);
    }

    private void submit(Context ctx) {
        Map<String, Object> body = body(ctx);
        Target t = target(text(body, "host", true), text(body, "service", false));
        String stateText = text(body, "state", true).toUpperCase(Locale.ROOT);
        ServiceState state = switch (stateText) {
            case "0", "OK", "UP" -> ServiceState.OK;
            case "1", "WARNING" -> ServiceState.WARNING;
            case "2", "CRITICAL", "DOWN" -> ServiceState.CRITICAL;
            case "3", "UNKNOWN" -> ServiceState.UNKNOWN;
            default -> throw ApiError.badRequest("'state' must be OK, WARNING, CRITICAL, UNKNOWN (or 0-3; UP/DOWN for hosts)");
        };
        String output = Optional.ofNullable(text(body, "output", false)).orElse("");
        String longOutput = Optional.ofNullable(text(body, "long_output", false)).orElse("");
        String perfdata = text(body, "perfdata", false);
        // Accept exactly what a Nagios plugin prints, perfdata after '|' included (as NSCA and NRDP do).
        PluginOutput parsed = PluginOutput.parse(output + (perfdata == null ? "" : " |" + perfdata)
                + (longOutput.isEmpty() ? "" : "\n" + longOutput));
        Status s = vigil.engine().submit(t, new CheckResult(state, parsed.output(), parsed.longOutput(), parsed.perfdata()));
        ctx.status(200).json(Map.of("host", t.host(), "service", t.service() == null ? "" : t.service(),
                "state", s.state().name(), "stateType", s.stateType().name(), "attempt", s.attempt()));
    }

    private void scheduleDowntime(Context ctx) {
        Map<String, Object> body = body(ctx);
        String host = text(body, "host", true);
        String service = text(body, "service", false);
        target(host, service);
        String cron = text(body, "cron", false);
        String comment = Optional.ofNullable(text(body, "comment", false)).orElse("");
        Downtime d;
        try {
            String id = "dt-" + RandomId.next().substring(0, 12);
            if (cron != null) {
                Duration duration = Durations.parse(text(body, "duration", true));
                String zone = text(body, "timezone", false);
                d = new Downtime(id, host, service, null, null, cron, duration, zone == null ? null : ZoneId.of(zone),
                        comment, author(ctx, body));
            } else {
                Instant start = text(body, "start", false) == null ? now() : instant(text(body, "start", false), "start");
                Instant end = text(body, "end", false) != null ? instant(text(body, "end", false), "end")
                        : start.plus(Durations.parse(Optional.ofNullable(text(body, "duration", false))
                        .orElseThrow(() -> ApiError.badRequest("a downtime needs 'end' or 'duration', or 'cron' with 'duration'"))));
                d = new Downtime(id, host, service, start, end, null, null, null, comment, author(ctx, body));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        vigil.engine().scheduleDowntime(d);
        ctx.status(201).json(Views.downtime(d, now()));
    }

    private void cancelDowntime(Context ctx) {
        if (!vigil.engine().cancelDowntime(ctx.pathParam("id"))) {
            throw ApiError.notFound("no downtime with id '" + ctx.pathParam("id") + "'");
        }
        ctx.status(204);
    }

    private void acknowledge(Context ctx) {
        Map<String, Object> body = body(ctx);
        String fingerprint = text(body, "fingerprint", false);
        if (fingerprint != null) {
            // A problem of logs, integrity, audit or metrics: acknowledged by its fingerprint (from /api/v1/events).
            String comment = Optional.ofNullable(text(body, "comment", false)).orElse("");
            if (!vigil.events().acknowledgeProblem(fingerprint, author(ctx, body), comment, now())) {
                throw ApiError.notFound("no open problem with fingerprint '" + fingerprint + "'");
            }
            ctx.status(201).json(Map.of("fingerprint", fingerprint, "author", author(ctx, body)));
            return;
        }
        Target t = target(text(body, "host", true), text(body, "service", false));
        Object sticky = body.getOrDefault("sticky", Boolean.TRUE);
        if (!(sticky instanceof Boolean)) {
            throw ApiError.badRequest("'sticky' must be true or false");
        }
        Status s = vigil.engine().acknowledge(t, new Acknowledgement(author(ctx, body),
                Optional.ofNullable(text(body, "comment", false)).orElse(""), (Boolean) sticky, now()));
        ctx.status(201).json(Map.of("host", t.host(), "service", t.service() == null ? "" : t.service(),
                "acknowledgement", s.acknowledgement()));
    }

    private void unacknowledge(Context ctx) {
        Target t = target(ctx.queryParam("host"), ctx.queryParam("service"));
        if (!vigil.engine().removeAcknowledgement(t)) {
            throw ApiError.notFound(t + " is not acknowledged");
        }
        ctx.status(204);
    }

    private void checkNow(Context ctx) {
        Map<String, Object> body = body(ctx);
        Target t = target(text(body, "host", true), text(body, "service", false));
        vigil.engine().checkNow(t);
        ctx.status(202).json(Map.of("scheduled", t.toString()));
    }

    private static SeriesKey seriesKey(Context ctx) {
        String name = ctx.queryParam("name");
        String host = ctx.queryParam("host");
        if (name == null || host == null) {
            throw ApiError.badRequest("missing query parameters 'name' and 'host'");
        }
        try {
            return new SeriesKey(host, name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private void silence(Context ctx) {
        Map<String, Object> body = body(ctx);
        Object raw = body.get("matchers");
        if (!(raw instanceof Map<?, ?> matchers) || matchers.isEmpty()) {
            throw ApiError.badRequest("'matchers' must be an object of label: value, e.g. {\"host\": \"web1\"}");
        }
        Instant start = text(body, "start", false) == null ? now() : instant(text(body, "start", false), "start");
        Instant end;
        try {
            end = text(body, "end", false) != null ? instant(text(body, "end", false), "end")
                    : start.plus(Durations.parse(Optional.ofNullable(text(body, "duration", false)).orElse("2h")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        try {
            var s = NotificationViews.silence(matchers, start, end, author(ctx, body),
                    Optional.ofNullable(text(body, "comment", false)).orElse(""));
            ctx.status(201).json(vigil.notifications().silence(s));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private void reload(Context ctx) {
        try {
            Plan plan = vigil.reload();
            ctx.json(Map.of("hosts", plan.hosts().size(), "services", plan.services().size()));
        } catch (ConfigException e) {
            configErrors(ctx, "configuration has errors; the running configuration is unchanged", e);
        } catch (ListenFailure e) {
            ctx.status(500).json(Map.of("error", e.getMessage(), "errors", e.problems()));
        }
    }

    private static void configErrors(Context ctx, String message, ConfigException e) {
        ctx.status(400).json(Map.of("error", message,
                "errors", e.errors().stream().map(ConfigError::toString).collect(Collectors.toList())));
    }

    private void register(Context ctx, Registrations.Kind kind) {
        Map<String, Object> body = body(ctx);
        String name = text(body, "name", true);
        String host = kind == Registrations.Kind.HOST ? name : text(body, "host", true);
        if (kind == Registrations.Kind.SERVICE && (body.containsKey("hosts") || body.containsKey("groups"))) {
            throw ApiError.badRequest("register a service on one 'host' at a time");
        }
        Target t = kind == Registrations.Kind.HOST ? Target.host(name) : Target.service(host, name);
        if (vigil.engine().status(t).isPresent() && !vigil.liveConfig().isRegistered(t)) {
            throw ApiError.conflict((kind == Registrations.Kind.HOST ? "host '" : "service '") + name
                    + "' is defined in the configuration files; change it there");
        }
        boolean existed = vigil.liveConfig().isRegistered(t);
        try {
            vigil.liveConfig().register(new Registrations.Registration(kind, host, kind == Registrations.Kind.HOST ? null : name, body));
        } catch (ConfigException e) {
            configErrors(ctx, "invalid " + kind.name().toLowerCase(Locale.ROOT) + " definition", e);
            return;
        }
        ctx.status(existed ? 200 : 201).json(Map.of(kind == Registrations.Kind.HOST ? "host" : "service", t.toString(),
                "registered", true));
    }

    private void unregister(Context ctx, Registrations.Kind kind) {
        String host = ctx.queryParam(kind == Registrations.Kind.HOST ? "name" : "host");
        String service = ctx.queryParam(kind == Registrations.Kind.HOST ? "_" : "service");
        if (host == null || (kind == Registrations.Kind.SERVICE && service == null)) {
            throw ApiError.badRequest(kind == Registrations.Kind.HOST ? "missing query parameter 'name'"
                    : "missing query parameters 'host' and 'service'");
        }
        try {
            if (vigil.liveConfig().unregister(kind, host, service) == null) {
                Target t = kind == Registrations.Kind.HOST ? Target.host(host) : Target.service(host, service);
                throw vigil.engine().status(t).isPresent()
                        ? ApiError.conflict(t + " is defined in the configuration files; remove it there")
                        : ApiError.notFound("no registered " + (kind == Registrations.Kind.HOST ? "host " : "service ") + t);
            }
        } catch (ConfigException e) {
            configErrors(ctx, "removing it would leave the configuration invalid", e);
            return;
        }
        ctx.status(204);
    }

}

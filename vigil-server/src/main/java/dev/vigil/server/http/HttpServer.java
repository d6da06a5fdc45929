package dev.vigil.server.http;

import dev.vigil.checks.config.Plan;
import dev.vigil.core.RandomId;
import dev.vigil.core.StoreException;
import dev.vigil.core.access.Tokens;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.text.LogText;
import dev.vigil.logs.LogStore;
import dev.vigil.server.ListenFailure;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.view.Site;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
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
    private final Site site;
    private final Javalin app;

    private final TlsKeys.Material tls;
    private volatile String host;
    private volatile int port;

    /**
     * @param tls HTTPS key material, or null for plain HTTP (loopback use)
     * @param site the dashboard's pages, served beside the API
     */
    public HttpServer(Vigil vigil, TlsKeys.Material tls, Site site) {
        this.vigil = vigil;
        this.tls = tls;
        this.site = site;
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

    public Site site() {
        return site;
    }

    /** Starts listening; returns the bound port (useful when the configured port is 0). */
    private volatile String externalBase = "";

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
        this.externalBase = publicUrl.replaceAll("/+$", "");
        vigil.notifications().enableAckLinks(publicUrl, Duration.ofDays(7));
        return app.port();
    }

    /** Where this server is reached: the configured public URL, else the address it listens on. */
    private String externalBase() {
        return externalBase;
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
        return TlsKeys.connector(server, httpConfig, ssl, host, port);
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
        app.before("/write", this::authenticate); // InfluxDB 1.x's write path
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

        new ChecksApi(vigil.engine(), vigil.liveConfig(), vigil.results(), vigil.events(), vigil.scheduler().clock()).register(app);
        new ClusterApi(vigil.cluster()).register(app);
        new EventsApi(vigil.events(), vigil.incidents()::incidentOf, vigil.scheduler().clock()).register(app);
        new NotifyApi(vigil.notifications(), vigil.reports(), vigil.scheduler().clock()).register(app);
        new MetricsApi(vigil.metrics(), vigil.scheduler().clock()).register(app);
        new LogsApi(vigil.logs(), vigil.scheduler().clock()).register(app);
        new IntegrityApi(vigil.integrity()).register(app);
        new ThreatsApi(vigil.threats()).register(app);
        new IncidentsApi(vigil.incidents()).register(app);
        new AgentsApi(vigil.agents()).register(app);
        new PingApi(vigil.push(), this::externalBase).register(app);
        new ApmApi(vigil.apm(), vigil.scheduler().clock()).register(app);
        new StatusApi(vigil.publicIncidents(), vigil.statusPages(),
                () -> vigil.config().statusPages().pages().stream().map(p -> p.name()).toList(), vigil.scheduler().clock()).register(app);
        app.post("/api/v1/reload", this::reload);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(SelfMetrics.of(vigil)));

        site.register(app);

        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(NoSuchElementException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(LiveConfig.RegistrationRefused.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(LogStore.TooSlow.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                site.error(ctx, 503, "Search stopped", e.getMessage());
                return;
            }
            error(ctx, 503, e.getMessage());
        });
        app.exception(IllegalStateException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        app.exception(StoreException.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                site.failure(ctx, e);
                return;
            }
            log.error("request {} {} could not be stored: {}", ctx.method(), LogText.safe(ctx.path()), LogText.safe(e.getMessage()));
            error(ctx, 503, "storage unavailable; nothing was changed, please retry");
        });
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (!ctx.path().startsWith("/api/")) {
                site.failure(ctx, e);
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
                site.error(ctx, 404, "Not found", "There is nothing here.");
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
        Requests.error(ctx, status, message);
    }

    private void reload(Context ctx) {
        try {
            Plan plan = vigil.reload();
            ctx.json(Map.of("hosts", plan.hosts().size(), "services", plan.services().size()));
        } catch (ConfigException e) {
            Requests.configErrors(ctx, "configuration has errors; the running configuration is unchanged", e);
        } catch (ListenFailure e) {
            ctx.status(500).json(Map.of("error", e.getMessage(), "errors", e.problems()));
        }
    }

    // --- authentication --------------------------------------------------------------------------------

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        Optional<Tokens.TokenInfo> token = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = vigil.tokens().verify(header.substring(7).trim());
        } else if (header != null && header.regionMatches(true, 0, "Token ", 0, 6)) {
            token = vigil.tokens().verify(header.substring(6).trim()); // InfluxDB clients' scheme for the same token
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
     * The scope a call needs: looking needs {@code read} (the push monitors' secret URLs {@code admin}); reporting a passive result, metrics or a deploy needs {@code submit};
     * running Vigil itself (reload, accepting integrity changes, sending reports and test messages) needs
     * {@code admin}; every other change needs {@code write}.
     */
    static Tokens.Scope needed(String method, String path) {
        if (path.startsWith("/api/v1/push")) {
            return Tokens.Scope.ADMIN; // the push monitors' URLs hold their secrets
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return Tokens.Scope.READ;
        }
        if (path.equals("/api/v1/results") || path.equals("/api/v1/events") || path.equals("/api/v1/write") || path.equals("/api/v2/write") || path.equals("/write")) {
            return Tokens.Scope.SUBMIT;
        }
        if (path.equals("/api/v1/reload") || path.startsWith("/api/v1/integrity/") || path.startsWith("/api/v1/status/") || path.startsWith("/api/v1/reports/")
                || path.startsWith("/api/v1/receivers/") || path.startsWith("/api/v1/agent")) {
            return Tokens.Scope.ADMIN;
        }
        return Tokens.Scope.WRITE;
    }
}

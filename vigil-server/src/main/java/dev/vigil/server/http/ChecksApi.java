package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.author;
import static dev.vigil.server.http.Requests.body;
import static dev.vigil.server.http.Requests.configErrors;
import static dev.vigil.server.http.Requests.instant;
import static dev.vigil.server.http.Requests.intParam;
import static dev.vigil.server.http.Requests.text;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.Registrations;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.Status;
import dev.vigil.core.RandomId;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.Durations;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.server.config.LiveConfig;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The checks' part of {@code /api/v1}: hosts and services (listed, registered, removed), passive results,
 * result history, downtimes, acknowledgements (of a check, or of another source's problem by fingerprint)
 * and "check now".
 */
final class ChecksApi {
    private final CheckEngine engine;
    private final LiveConfig config;
    private final ResultHistory results;
    private final ProblemLog events;
    private final InstantSource clock;

    ChecksApi(CheckEngine engine, LiveConfig config, ResultHistory results, ProblemLog events, InstantSource clock) {
        this.engine = engine;
        this.config = config;
        this.results = results;
        this.events = events;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/hosts", this::hosts);
        app.post("/api/v1/hosts", ctx -> register(ctx, Registrations.Kind.HOST));
        app.delete("/api/v1/hosts", ctx -> unregister(ctx, Registrations.Kind.HOST));
        app.get("/api/v1/services", this::services);
        app.post("/api/v1/services", ctx -> register(ctx, Registrations.Kind.SERVICE));
        app.delete("/api/v1/services", ctx -> unregister(ctx, Registrations.Kind.SERVICE));
        app.get("/api/v1/results", this::results);
        app.get("/api/v1/services/{host}/{service}/results", ctx -> results(ctx, target(ctx.pathParam("host"), ctx.pathParam("service"))));
        app.post("/api/v1/results", this::submit);
        app.get("/api/v1/downtimes", ctx -> ctx.json(engine.downtimes().stream()
                .map(d -> CheckViews.downtime(d, clock.instant())).toList()));
        app.post("/api/v1/downtimes", this::scheduleDowntime);
        app.delete("/api/v1/downtimes/{id}", this::cancelDowntime);
        app.post("/api/v1/acknowledgements", this::acknowledge);
        app.delete("/api/v1/acknowledgements", this::unacknowledge);
        app.post("/api/v1/checks", this::checkNow);
    }

    private void hosts(Context ctx) {
        Plan plan = engine.plan();
        List<CheckViews.HostView> out = new ArrayList<>();
        for (HostDefinition h : plan.hosts().values()) {
            Target t = Target.host(h.name());
            engine.status(t).ifPresent(s -> out.add(CheckViews.host(h, s, engine, config.isRegistered(t))));
        }
        ctx.json(out);
    }

    private void services(Context ctx) {
        String host = ctx.queryParam("host");
        String state = ctx.queryParam("state");
        Plan plan = engine.plan();
        List<CheckViews.ServiceView> out = new ArrayList<>();
        for (ServiceDefinition d : plan.services().values()) {
            if (host != null && !host.equals(d.host())) {
                continue;
            }
            Optional<Status> s = engine.status(d.target());
            if (s.isEmpty() || (state != null && !s.get().state().name().equalsIgnoreCase(state))) {
                continue;
            }
            out.add(CheckViews.service(d, s.get(), engine, config.isRegistered(d.target())));
        }
        ctx.json(out);
    }

    private Target target(String host, String service) {
        if (host == null || host.isBlank()) {
            throw ApiError.badRequest("missing 'host'");
        }
        Target t = service == null || service.isBlank() ? Target.host(host) : Target.service(host, service);
        if (engine.status(t).isEmpty()) {
            throw ApiError.notFound("unknown " + (t.isHost() ? "host '" + host + "'" : "service '" + service + "' on host '" + host + "'"));
        }
        return t;
    }

    private void results(Context ctx) {
        results(ctx, target(ctx.queryParam("host"), ctx.queryParam("service")));
    }

    /** Newest first; a service checked from several places has each location's results (with "location") and its decided ones. */
    private void results(Context ctx, Target t) {
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        Instant since = ctx.queryParam("since") == null ? Instant.EPOCH : instant(ctx.queryParam("since"), "since");
        ctx.json(results.results(t, since, limit));
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
        Status s = engine.submit(t, new CheckResult(state, parsed.output(), parsed.longOutput(), parsed.perfdata()));
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
                        comment, author(ctx));
            } else {
                Instant start = text(body, "start", false) == null ? clock.instant() : instant(text(body, "start", false), "start");
                Instant end = text(body, "end", false) != null ? instant(text(body, "end", false), "end")
                        : start.plus(Durations.parse(Optional.ofNullable(text(body, "duration", false))
                        .orElseThrow(() -> ApiError.badRequest("a downtime needs 'end' or 'duration', or 'cron' with 'duration'"))));
                d = new Downtime(id, host, service, start, end, null, null, null, comment, author(ctx));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        engine.scheduleDowntime(d);
        ctx.status(201).json(CheckViews.downtime(d, clock.instant()));
    }

    private void cancelDowntime(Context ctx) {
        if (!engine.cancelDowntime(ctx.pathParam("id"))) {
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
            if (!events.acknowledgeProblem(fingerprint, author(ctx), comment, clock.instant())) {
                throw ApiError.notFound("no open problem with fingerprint '" + fingerprint + "'");
            }
            ctx.status(201).json(Map.of("fingerprint", fingerprint, "author", author(ctx)));
            return;
        }
        Target t = target(text(body, "host", true), text(body, "service", false));
        Object sticky = body.getOrDefault("sticky", Boolean.TRUE);
        if (!(sticky instanceof Boolean)) {
            throw ApiError.badRequest("'sticky' must be true or false");
        }
        Status s = engine.acknowledge(t, new Acknowledgement(author(ctx),
                Optional.ofNullable(text(body, "comment", false)).orElse(""), (Boolean) sticky, clock.instant()));
        ctx.status(201).json(Map.of("host", t.host(), "service", t.service() == null ? "" : t.service(),
                "acknowledgement", s.acknowledgement()));
    }

    private void unacknowledge(Context ctx) {
        Target t = target(ctx.queryParam("host"), ctx.queryParam("service"));
        if (!engine.removeAcknowledgement(t)) {
            throw ApiError.notFound(t + " is not acknowledged");
        }
        ctx.status(204);
    }

    private void checkNow(Context ctx) {
        Map<String, Object> body = body(ctx);
        Target t = target(text(body, "host", true), text(body, "service", false));
        engine.checkNow(t);
        ctx.status(202).json(Map.of("scheduled", t.toString()));
    }

    private void register(Context ctx, Registrations.Kind kind) {
        Map<String, Object> body = body(ctx);
        String name = text(body, "name", true);
        String host = kind == Registrations.Kind.HOST ? name : text(body, "host", true);
        if (kind == Registrations.Kind.SERVICE && (body.containsKey("hosts") || body.containsKey("groups"))) {
            throw ApiError.badRequest("register a service on one 'host' at a time");
        }
        Target t = kind == Registrations.Kind.HOST ? Target.host(name) : Target.service(host, name);
        if (engine.status(t).isPresent() && !config.isRegistered(t)) {
            throw ApiError.conflict((kind == Registrations.Kind.HOST ? "host '" : "service '") + name
                    + "' is defined in the configuration files; change it there");
        }
        boolean existed = config.isRegistered(t);
        try {
            config.register(new Registrations.Registration(kind, host, kind == Registrations.Kind.HOST ? null : name, body));
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
            if (config.unregister(kind, host, service) == null) {
                Target t = kind == Registrations.Kind.HOST ? Target.host(host) : Target.service(host, service);
                throw engine.status(t).isPresent()
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

package dev.vigil.server.web;

import dev.vigil.agent.wire.Labels;
import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.FleetSettings;
import dev.vigil.server.fleet.Agents;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Agents page: the fleet's state at a glance, revoking, and join tokens for admins. */
final class AgentsPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Pages pages;
    private final Vigil vigil;

    AgentsPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
    }

    void register(Javalin app) {
        app.get("/agents", ctx -> pages.render(ctx, "agents.jte", page(ctx, null)));
        app.post("/actions/agent-revoke", ctx -> {
            String id = Optional.ofNullable(ctx.formParam("id")).orElse("");
            if (vigil.agents().get(id).isEmpty()) {
                throw new Pages.BadInput("that agent is not there");
            }
            vigil.agents().revoke(id);
            ctx.redirect("/agents", HttpStatus.SEE_OTHER);
        });
        app.post("/actions/agent-integrity-accept", ctx -> {
            String id = Optional.ofNullable(ctx.formParam("id")).orElse("");
            if (vigil.agents().get(id).isEmpty()) {
                throw new Pages.BadInput("that agent is not there");
            }
            vigil.agents().acceptIntegrity(id);
            ctx.redirect("/agents", HttpStatus.SEE_OTHER);
        });
        app.post("/actions/agent-token", ctx -> {
            Fleet.CreatedToken created;
            try {
                Map<String, String> labels = Labels.parse(Optional.ofNullable(ctx.formParam("labels")).orElse(""));
                Duration life = Durations.parse(Optional.ofNullable(ctx.formParam("expires")).filter(s -> !s.isBlank()).orElse("24h"));
                if (life.isZero() || life.compareTo(Duration.ofDays(3660)) > 0) {
                    throw new IllegalArgumentException("the token must expire within 3660 days");
                }
                String uses = Optional.ofNullable(ctx.formParam("uses")).orElse("").strip();
                created = vigil.agents().createToken(labels, life, uses.isEmpty() ? null : Integer.valueOf(uses),
                        "probe".equals(ctx.formParam("kind")));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            // Shown in the answer to the POST only, never in a page anyone can reload or a link anyone can follow.
            pages.render(ctx, "agents.jte", page(ctx, created.secret(), created.token().probe()));
        });
        app.post("/actions/agent-token-delete", ctx -> {
            vigil.agents().store().deleteToken(Optional.ofNullable(ctx.formParam("id")).orElse(""));
            ctx.redirect("/agents", HttpStatus.SEE_OTHER);
        });
    }

    private Model.AgentsPage page(Context ctx, String created) {
        return page(ctx, created, false);
    }

    private Model.AgentsPage page(Context ctx, String created, boolean createdProbe) {
        Model.Frame frame = pages.frame(ctx, "Agents", "agents");
        Instant now = vigil.scheduler().clock().instant();
        List<Model.AgentRow> rows = new ArrayList<>();
        int outOfDate = 0;
        for (Agents.View v : vigil.agents().list()) {
            Fleet.Agent a = v.agent();
            boolean active = v.state() == Agents.State.CONNECTED || v.state() == Agents.State.SILENT;
            if (active && !v.planCurrent()) {
                outOfDate++;
            }
            String css = switch (v.state()) {
                case CONNECTED -> v.planCurrent() ? "" : "warning";
                case SILENT -> "critical";
                case REVOKED, RETIRED -> "muted";
            };
            long skew = a.skew().toMillis();
            rows.add(new Model.AgentRow(a.id(), a.host(), a.version().isEmpty() ? "—" : a.version(),
                    a.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")),
                    TIME.format(a.lastSeen()) + " (" + Durations.format(Duration.between(a.lastSeen(), now).withNanos(0)) + " ago)",
                    bytes(a.buffered()), a.planVersion().isEmpty() ? "none yet" : a.planVersion(), v.planCurrent(),
                    Math.abs(skew) < 1000 ? "in step" : (skew > 0 ? "behind by " : "ahead by ") + Durations.format(Duration.ofMillis(Math.abs(skew))),
                    v.state().id(), css, v.facts() == null || v.facts().os() == null ? "" : v.facts().os(),
                    a.lost() == 0 ? "" : a.lost() + " item(s) dropped", vigil.agents().planFor(a).integrity() != null,
                    a.location() == null ? "" : a.location()));
        }
        List<Model.JoinTokenRow> tokens = new ArrayList<>();
        if (frame.admin()) {
            for (Fleet.JoinToken t : vigil.agents().store().tokens()) {
                tokens.add(new Model.JoinTokenRow(t.id(), t.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")), t.expires() == null ? "never" : TIME.format(t.expires())
                        + (t.expires().isBefore(now) ? " (expired)" : ""), t.used() + (t.uses() == null ? "" : " of " + t.uses()), t.probe() ? "probes" : "agents"));
            }
        }
        FleetSettings f = vigil.config().fleet();
        String listener = f.listening() ? "https://" + (f.host().contains(":") ? "[" + f.host() + "]" : f.host()) + ":" + f.port() : "";
        return new Model.AgentsPage(frame, rows, tokens, listener, vigil.agents().authority().fingerprint(), created, outOfDate,
                createdProbe);
    }

    private static String bytes(long b) {
        return b < 1024 ? b + " B" : b < 1 << 20 ? (b >> 10) + " KB" : (b >> 20) + " MB";
    }
}

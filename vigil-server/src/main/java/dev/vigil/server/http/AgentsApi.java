package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.body;

import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.server.fleet.Agents;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/agents} and {@code /api/v1/agent-tokens}: the fleet as provisioning tools see it. Listing needs
 * {@code read}; revoking an agent, accepting its file changes and making a join token need {@code admin} (a join token
 * lets a machine in).
 */
final class AgentsApi {
    private final Agents agents;

    AgentsApi(Agents agents) {
        this.agents = agents;
    }

    void register(Javalin app) {
        app.get("/api/v1/agents", ctx -> ctx.json(Map.of("agents", agents.list().stream().map(AgentsApi::json).toList())));
        app.get("/api/v1/agents/{id}", ctx -> ctx.json(json(agents.get(ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("no agent " + ctx.pathParam("id"))))));
        app.delete("/api/v1/agents/{id}", ctx -> {
            String id = ctx.pathParam("id");
            var agent = agents.get(id).orElseThrow(() -> ApiError.notFound("no agent " + id));
            agents.revoke(id);
            ctx.json(json(agents.get(agent.agent().id()).orElseThrow()));
        });
        app.post("/api/v1/agents/{id}/integrity/accept", ctx -> {
            String id = ctx.pathParam("id");
            agents.get(id).orElseThrow(() -> ApiError.notFound("no agent " + id));
            agents.acceptIntegrity(id);
            ctx.json(json(agents.get(id).orElseThrow()));
        });
        app.get("/api/v1/agent-tokens", ctx -> ctx.json(Map.of("tokens", agents.store().tokens().stream().map(AgentsApi::json).toList())));
        app.post("/api/v1/agent-tokens", ctx -> {
            Map<String, Object> b = ctx.body().isBlank() ? Map.of() : body(ctx);
            Map<String, String> labels = new LinkedHashMap<>();
            if (b.get("labels") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            } else if (b.get("labels") != null) {
                throw ApiError.badRequest("'labels' must be an object of names to values, e.g. {\"role\": \"web\"}");
            }
            Integer uses = null;
            try {
                Duration d = Durations.parse(b.getOrDefault("expires", "24h").toString());
                if (d.isZero() || d.compareTo(Duration.ofDays(3660)) > 0) {
                    throw new IllegalArgumentException("'expires' must be between 1s and 3660d");
                }
                if (b.get("uses") instanceof Number n) {
                    uses = n.intValue();
                } else if (b.get("uses") != null) {
                    throw new IllegalArgumentException("'uses' must be a number");
                }
                if (b.get("probe") != null && !(b.get("probe") instanceof Boolean)) {
                    throw new IllegalArgumentException("'probe' must be true or false");
                }
                Fleet.CreatedToken created = agents.createToken(labels, d, uses, Boolean.TRUE.equals(b.get("probe")));
                Map<String, Object> out = json(created.token());
                out.put("token", created.secret());
                ctx.status(201).json(out);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        });
        app.delete("/api/v1/agent-tokens/{id}", ctx -> {
            if (!agents.store().deleteToken(ctx.pathParam("id"))) {
                throw ApiError.notFound("no join token " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
    }

    static Map<String, Object> json(Agents.View v) {
        Fleet.Agent a = v.agent();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("host", a.host());
        m.put("version", a.version());
        m.put("lastSeen", a.lastSeen());
        m.put("labels", a.labels());
        m.put("state", v.state().id());
        m.put("enrolled", a.enrolled());
        m.put("planVersion", a.planVersion());
        m.put("planCurrent", v.planCurrent());
        m.put("buffered", a.buffered());
        m.put("lost", a.lost());
        m.put("clockSkewMs", a.skew().toMillis());
        m.put("facts", v.facts());
        m.put("integrityAccepted", a.integrityAccepted());
        m.put("location", a.location());
        m.put("certificateExpires", expires(a.certificate()));
        return m;
    }

    /** When an agent's client certificate (PEM) runs out; null when it does not read. */
    private static java.time.Instant expires(String pem) {
        try {
            var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return cert.getNotAfter().toInstant();
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> json(Fleet.JoinToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("labels", t.labels());
        m.put("created", t.created());
        m.put("expires", t.expires());
        m.put("uses", t.uses());
        m.put("used", t.used());
        m.put("probe", t.probe());
        return m;
    }
}

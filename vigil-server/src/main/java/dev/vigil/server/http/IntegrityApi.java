package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.body;

import dev.vigil.integrity.Integrity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import io.javalin.Javalin;

/** {@code /api/v1/integrity} (pending changes, accepting them) and {@code /api/v1/audit} (open findings). */
final class IntegrityApi {
    private final Integrity integrity;

    IntegrityApi(Integrity integrity) {
        this.integrity = integrity;
    }

    void register(Javalin app) {
        app.get("/api/v1/integrity/changes", ctx -> ctx.json(integrity.pending().stream().map(c -> {
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
                ctx.json(Map.of("accepted", integrity.accept(p)));
            } else if (Boolean.TRUE.equals(b.get("all")) && !b.containsKey("path")) {
                ctx.json(Map.of("accepted", integrity.accept(null)));
            } else {
                throw ApiError.badRequest("send {\"path\": \"/etc/file\"} to accept one path, or {\"all\": true} to accept every pending change");
            }
        });
        app.get("/api/v1/audit/findings", ctx -> ctx.json(integrity.findings().stream().map(f -> Map.of(
                "class", f.kind().substring("audit:".length()), "path", f.path(), "severity", f.severity(), "why", f.why(),
                "remediation", f.remediation(), "since", Instant.ofEpochMilli(f.firstSeen()))).toList()));
    }
}

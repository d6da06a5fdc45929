package dev.vigil.server.http;

import dev.vigil.core.cluster.Cluster;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/cluster}: the servers sharing the store, each with the checks it runs, which one answered and
 * whether it leads (sends the notifications); with the embedded store, this server alone.
 */
final class ClusterApi {
    private final Cluster cluster;

    ClusterApi(Cluster cluster) {
        this.cluster = cluster;
    }

    void register(Javalin app) {
        app.get("/api/v1/cluster", ctx -> {
            List<Map<String, Object>> members = cluster.members().stream().map(m -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", m.id());
                o.put("address", m.address());
                o.put("lastSeen", m.lastSeen());
                o.put("checks", m.checks());
                return o;
            }).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("members", members);
            out.put("self", cluster.self());
            out.put("leads", cluster.leader()); // whether the server answering sends the notifications
            ctx.json(out);
        });
    }
}

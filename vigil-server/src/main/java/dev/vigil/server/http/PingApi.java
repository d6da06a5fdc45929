package dev.vigil.server.http;

import dev.vigil.checks.push.PushMonitors;
import dev.vigil.core.config.Durations;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /ping/UUID} for cron jobs and backups (as healthchecks.io and Uptime Kuma's push monitors take them):
 * {@code /ping/UUID} it ran, {@code /start} it started, {@code /fail} it failed, {@code /N} it exited with N. No token:
 * the UUID is the secret (only admins see it, {@code GET /api/v1/push}). GET, POST and HEAD all count, so
 * {@code curl -fsS URL} and {@code wget -q -O- URL} work; a POST body (the job's last lines) goes with the result.
 */
final class PingApi {
    private static final int MAX_BODY = 10_000;

    private final PushMonitors monitors;
    private final Supplier<String> base;

    /** @param base where this server is reached from outside ("https://vigil.example.com"), for the URLs admins copy */
    PingApi(PushMonitors monitors, Supplier<String> base) {
        this.monitors = monitors;
        this.base = base;
    }

    void register(Javalin app) {
        for (String path : List.of("/ping/{uuid}", "/ping/{uuid}/{signal}")) {
            Handler h = this::ping;
            app.get(path, h);
            app.post(path, h);
            app.head(path, h);
        }
        app.get("/api/v1/push", ctx -> ctx.json(Map.of("monitors", monitors.list().stream().map(m -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("host", m.target().host());
            o.put("service", m.target().service());
            o.put("url", base.get() + "/ping/" + m.uuid());
            o.put("schedule", m.schedule().describe());
            o.put("grace", Durations.format(m.schedule().grace()));
            o.put("lastPing", m.lastPing());
            o.put("lastStart", m.lastStart());
            o.put("due", m.due().equals(java.time.Instant.MAX) ? null : m.due());
            return o;
        }).toList())));
    }

    private void ping(Context ctx) {
        String signal = ctx.pathParamMap().getOrDefault("signal", "");
        PushMonitors.Signal s;
        Integer exit = null;
        switch (signal) {
            case "" -> s = PushMonitors.Signal.SUCCESS;
            case "start" -> s = PushMonitors.Signal.START;
            case "fail" -> s = PushMonitors.Signal.FAIL;
            default -> {
                if (!signal.matches("\\d{1,3}") || Integer.parseInt(signal) > 255) {
                    ctx.status(400).contentType("text/plain").result("expected /ping/UUID, /start, /fail or an exit code 0-255\n");
                    return;
                }
                exit = Integer.parseInt(signal);
                s = exit == 0 ? PushMonitors.Signal.SUCCESS : PushMonitors.Signal.FAIL;
            }
        }
        byte[] body = ctx.method().name().equals("POST") ? ctx.bodyAsBytes() : new byte[0];
        String text = new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8);
        if (!monitors.ping(ctx.pathParam("uuid"), s, exit, text)) {
            ctx.status(404).contentType("text/plain").result("not found\n");
            return;
        }
        ctx.contentType("text/plain").result("OK\n");
    }
}

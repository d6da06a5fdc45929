package dev.vigil.server;

import dev.vigil.core.access.Users;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.web.Pages;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;

/**
 * A real Vigil (engine, store, HTTP) on a free loopback port, checking a local web page whose status the
 * test controls, with an admin and a viewer user. For dashboard tests.
 */
public final class RunningVigil implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin password 1";
    public static final String VIEWER_PASSWORD = "viewer password 1";

    private final Path dir;
    public final com.sun.net.httpserver.HttpServer target;
    public volatile int targetStatus = 200;
    public volatile String targetBody = "shop";
    public SystemScheduler scheduler;
    public ExecutorService workers;
    public Vigil vigil;
    public HttpServer http;
    public String base;

    public RunningVigil(Path dir) throws Exception {
        this(dir, "");
    }

    /** @param extraYaml more top-level configuration (receivers, routes, ...) appended to the file */
    public RunningVigil(Path dir, String extraYaml) throws Exception {
        this.dir = dir;
        target = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            byte[] body = targetBody.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(targetStatus, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        Files.writeString(dir.resolve("vigil.yml"), """
                server:
                  listen: 127.0.0.1:0
                  data: %s
                  metrics_interval: 1s
                hosts:
                  - name: shop
                    address: 127.0.0.1
                services:
                  - {name: web, host: shop, type: http, url: "http://127.0.0.1:%d/", interval: 1s, retry_interval: 1s, max_attempts: 2}
                  - {name: backup, host: shop, type: passive}
                """.formatted(dir.resolve("data"), target.getAddress().getPort()) + extraYaml);
        boot();
    }

    private void boot() throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        scheduler = new SystemScheduler(InstantSource.system());
        workers = SystemScheduler.workers();
        vigil = new Vigil(files, loaded, scheduler, workers, new Random());
        vigil.start();
        http = new HttpServer(vigil, null, new Pages(vigil, false));
        base = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
    }

    /** Stops everything but the target and starts again on the same data directory. */
    public void restart() throws Exception {
        shutdown();
        boot();
    }

    public RunningVigil withUsers() {
        vigil.users().add("alice", Users.Role.ADMIN, ADMIN_PASSWORD.toCharArray());
        vigil.users().add("victor", Users.Role.VIEWER, VIEWER_PASSWORD.toCharArray());
        return this;
    }

    /**
     * Stops as a killed process would: no more heartbeats, checks or answers, and nothing said to the others (the
     * cluster's row stays until it is old).
     */
    public void crash() {
        http.close();
        scheduler.close();
        workers.shutdownNow();
        target.stop(0);
    }

    private void shutdown() {
        http.close();
        vigil.close();
        scheduler.close();
        workers.shutdownNow();
    }

    @Override
    public void close() {
        shutdown();
        target.stop(0);
    }
}

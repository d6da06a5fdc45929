package dev.vigil.bench;

import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.store.Database;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The public status page under a burst (issue 18: 1,000 requests/s on loopback with 50 components and 90 days of
 * history, the dashboard's overview p95 under 100 ms meanwhile). 50 services with a result every 5 minutes for 90
 * days (1.3 million results, 0.3 % failed) are written to the store first; then the page and its summary.json are
 * requested at RATE a second for SECONDS while a signed-in admin loads the overview every 100 ms.
 *
 * <p>Usage: {@code StatusPageLoad [RATE=1000] [SECONDS=30]}
 */
public final class StatusPageLoad {
    private StatusPageLoad() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int components = 50;
        Path dir = Files.createTempDirectory("vigil-status");
        StringBuilder yaml = new StringBuilder("server:\n  data: ").append(dir.resolve("data")).append("\n  result_retention: 100d\nhosts:\n");
        for (int h = 0; h < components; h++) {
            yaml.append("  - {name: web-").append(h).append(", address: 10.0.0.").append(h + 1).append("}\n");
        }
        yaml.append("services:\n  - {name: http, hosts: [");
        for (int h = 0; h < components; h++) {
            yaml.append(h == 0 ? "" : ", ").append("web-").append(h);
        }
        yaml.append("], type: passive}\nstatus_pages:\n  - name: public\n    title: Shop status\n    timezone: Europe/Berlin\n    components:\n");
        for (int h = 0; h < components; h++) {
            yaml.append("      - {name: Site ").append(h).append(", service: web-").append(h).append("/http}\n");
        }
        Files.writeString(dir.resolve("vigil.yml"), yaml);
        long t0 = System.nanoTime();
        long rows = history(dir.resolve("data"), components);
        System.out.printf(Locale.ROOT, "%,d results over 90 days for %d components written in %.1f s%n", rows, components, (System.nanoTime() - t0) / 1e9);

        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system()); var workers = SystemScheduler.workers()) {
            Vigil vigil = new Vigil(files, loaded, scheduler, workers, new Random(3));
            vigil.start();
            try (PageTimer pages = new PageTimer(vigil); var overview = Executors.newSingleThreadExecutor()) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory())).build();
                String base = pages.base();
                // Warm-up: the JIT, the first computation, the connections.
                OpenLoop.run(client, Math.max(1, rate / 10), 5, i -> OpenLoop.get(base + (i % 2 == 0 ? "/status" : "/status/api/v2/summary.json")), 200);
                pages.sample("/", System.nanoTime() + 2_000_000_000L, 100);
                long until = System.nanoTime() + seconds * 1_000_000_000L;
                Future<double[]> dash = overview.submit(() -> pages.sample("/", until, 100));
                OpenLoop.Result r = OpenLoop.run(client, rate, seconds,
                        i -> OpenLoop.get(base + (i % 2 == 0 ? "/status" : "/status/api/v2/summary.json")), 200);
                double[] ms = dash.get();
                System.out.println(r.describe("status page and summary.json at " + rate + "/s"));
                System.out.printf(Locale.ROOT, "overview page meanwhile: median %.1f ms, p95 %.1f ms over %d requests%n",
                        ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms.length);
                System.out.println("complete: " + (r.failed() == 0));
            }
            vigil.close();
            workers.shutdownNow();
        }
    }

    /** A result every 5 minutes for 90 days per component's service, written as the engine writes them. */
    private static long history(Path data, int components) {
        Random random = new Random(7);
        Instant end = Instant.now();
        Instant start = end.minus(Duration.ofDays(90));
        try (Database db = Database.open(data)) {
            return db.write(c -> {
                long n = 0;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (host, service, at, state, state_type, attempt, output, "
                        + "long_output, perfdata) VALUES (?, 'http', ?, ?, 'HARD', 1, '', '', '[]')")) {
                    for (int h = 0; h < components; h++) {
                        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(5))) {
                            ps.setString(1, "web-" + h);
                            ps.setLong(2, t.toEpochMilli());
                            ps.setString(3, random.nextInt(1000) < 3 ? "CRITICAL" : "OK");
                            ps.addBatch();
                            if (++n % 10_000 == 0) {
                                ps.executeBatch();
                            }
                        }
                    }
                    ps.executeBatch();
                }
                return n;
            });
        }
    }
}

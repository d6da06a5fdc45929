package dev.vigil.bench;

import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.web.Pages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;

/**
 * Push monitors' pings under load (issue 18: 5,000 pings/s accepted with p99 under 50 ms): MONITORS push services on
 * a real server on loopback, pinged in turn at RATE a second for SECONDS over HTTP; every ping must be answered 200
 * (stored before the answer, as always).
 *
 * <p>Usage: {@code PushLoad [RATE=5000] [SECONDS=20] [MONITORS=100]}
 */
public final class PushLoad {
    private PushLoad() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int monitors = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("vigil-push");
        StringBuilder yaml = new StringBuilder("server:\n  data: ").append(dir.resolve("data")).append("\nhosts:\n  - {name: jobs, address: 127.0.0.1}\n")
                .append("services:\n");
        for (int i = 0; i < monitors; i++) {
            yaml.append("  - {name: job-").append(i).append(", host: jobs, type: push, period: 1h, grace: 10m}\n");
        }
        Files.writeString(dir.resolve("vigil.yml"), yaml);
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system()); var workers = SystemScheduler.workers()) {
            Vigil vigil = new Vigil(files, loaded, scheduler, workers, new Random(3));
            vigil.start();
            HttpServer http = new HttpServer(vigil, null, new Pages(vigil, false));
            String base = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
            int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
            List<String> paths = vigil.push().list().stream().map(m -> "/ping/" + m.uuid()).toList();
            int connections = 64; // as many jobs pinging at once as the rate needs, each on its kept-alive connection
            OpenLoop.keepAlive("127.0.0.1", port, Math.max(1, rate / 4), 10, connections, i -> paths.get(i % paths.size()), 200); // warm-up
            OpenLoop.Result r = OpenLoop.keepAlive("127.0.0.1", port, rate, seconds, connections, i -> paths.get(i % paths.size()), 200);
            System.out.println(r.describe(monitors + " push monitors pinged at " + rate + "/s"));
            long ok = vigil.push().list().stream().filter(m -> m.lastPing() != null).count();
            System.out.println("monitors with a stored last ping: " + ok + " of " + monitors);
            System.out.println("complete: " + (r.failed() == 0 && ok == monitors));
            http.close();
            vigil.close();
            workers.shutdownNow();
        }
    }
}

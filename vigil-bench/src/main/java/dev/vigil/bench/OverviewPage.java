package dev.vigil.bench;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Server time of the overview page with a large installation: HOSTS hosts with SERVICES services each
 * (passive, with results submitted so about 1% are problems), measured as the time from request to the
 * last byte of the response over loopback, signed in as an admin.
 *
 * <p>Usage: {@code OverviewPage [HOSTS=1000] [SERVICES_PER_HOST=20] [REQUESTS=200]}
 */
public final class OverviewPage {
    private OverviewPage() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perHost = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("vigil-overview");
        StringBuilder yaml = new StringBuilder("server:\n  data: ").append(dir.resolve("data")).append("\nhosts:\n");
        for (int h = 0; h < hosts; h++) {
            yaml.append("  - {name: host-").append(h).append(", address: 10.0.").append(h / 250).append('.')
                    .append(h % 250).append(", groups: [all]}\n");
        }
        yaml.append("services:\n");
        for (int s = 0; s < perHost; s++) {
            yaml.append("  - {name: svc-").append(s).append(", groups: [all], type: passive}\n");
        }
        Files.writeString(dir.resolve("vigil.yml"), yaml);
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers()) {
            Vigil vigil = new Vigil(files, loaded, scheduler, workers, new Random(3));
            vigil.start();
            Random random = new Random(42);
            long t0 = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                for (int s = 0; s < perHost; s++) {
                    int roll = random.nextInt(1000);
                    ServiceState state = roll < 5 ? ServiceState.CRITICAL : roll < 10 ? ServiceState.WARNING : ServiceState.OK;
                    vigil.engine().submit(Target.service("host-" + h, "svc-" + s),
                            CheckResult.of(state, "SVC " + state + " - value " + roll + " | v=" + roll + ";500;900;0;1000"));
                }
            }
            System.out.printf(Locale.ROOT, "%d hosts, %d services loaded and submitted in %.1f s%n", hosts, hosts * perHost,
                    (System.nanoTime() - t0) / 1e9);
            try (PageTimer pages = new PageTimer(vigil)) {
                pages.time("overview page", "/", requests);
            }
            vigil.close();
            workers.shutdownNow();
        }
    }
}

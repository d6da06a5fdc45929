package dev.vigil.bench;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.core.access.Users;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.web.Pages;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            vigil.users().add("bench", Users.Role.ADMIN, "bench password".toCharArray());
            HttpServer http = new HttpServer(vigil, null, new Pages(vigil, false));
            String base = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String loginPage = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(loginPage);
            m.find();
            String form = "username=bench&password=" + URLEncoder.encode("bench password", StandardCharsets.UTF_8)
                    + "&csrf=" + m.group(1) + "&next=%2F";
            client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            HttpRequest overview = HttpRequest.newBuilder(URI.create(base + "/")).build();
            int bytes = 0;
            for (int i = 0; i < 20; i++) { // warm-up: JIT and caches
                bytes = client.send(overview, HttpResponse.BodyHandlers.ofString()).body().length();
            }
            double[] ms = new double[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(overview, HttpResponse.BodyHandlers.ofString());
                ms[i] = (System.nanoTime() - start) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("overview answered " + r.statusCode());
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "overview page (%d KiB): median %.1f ms, p95 %.1f ms, max %.1f ms over %d requests%n",
                    bytes / 1024, ms[requests / 2], ms[(int) (requests * 0.95)], ms[requests - 1], requests);
            http.close();
            vigil.close();
            workers.shutdownNow();
        }
    }
}

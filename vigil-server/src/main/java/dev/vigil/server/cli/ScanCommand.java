package dev.vigil.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.threats.detect.GitleaksRules;
import dev.vigil.threats.scan.TreeScan;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil scan}: finds secrets in files, folders, a URL's body or standard input with the same detectors the
 * server uses, like gitleaks. Exit 1 when anything is found, 0 when nothing is, 2 on an error. Secrets are
 * printed masked, never whole.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Find secrets (keys, tokens, passwords, private keys, dumps) in files, folders, a URL or - (standard input).")
public final class ScanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "one JSON object: {\"findings\": [{rule, description, file, line, secret}]}")
    boolean json;

    @Option(names = "--rules", paramLabel = "FILE", description = "a gitleaks-format TOML rules file instead of Vigil's own rules")
    Path rules;

    @Parameters(arity = "1..*", paramLabel = "PATH|URL|-", description = "files or folders (.gitignore honoured, binaries "
            + "skipped), an http(s) URL, or - for standard input")
    List<String> targets;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        GitleaksRules detector;
        try {
            detector = rules == null ? GitleaksRules.builtIn() : GitleaksRules.parse(Files.readString(rules, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("vigil scan: cannot read " + rules + ": " + e.getMessage());
            return 2;
        } catch (GitleaksRules.Invalid e) {
            System.err.println("vigil scan: " + rules + ": " + e.getMessage());
            return 2;
        }
        TreeScan scan = new TreeScan(detector);
        List<TreeScan.Found> found = new ArrayList<>();
        ScheduledExecutorService ticker = progressLine(scan);
        try {
            for (String target : targets) {
                if (target.equals("-")) {
                    scan.stream(System.in, "-", found::add);
                } else if (target.startsWith("http://") || target.startsWith("https://")) {
                    try (InputStream body = fetch(target)) {
                        scan.stream(body, target, found::add);
                    }
                } else {
                    Path p = Path.of(target);
                    if (!Files.exists(p)) {
                        System.err.println("vigil scan: " + target + ": no such file or folder");
                        return 2;
                    }
                    scan.path(p, found::add);
                }
            }
        } catch (IOException e) {
            System.err.println("vigil scan: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
                System.err.print("\r\033[K");
            }
        }
        print(out, found);
        return found.isEmpty() ? 0 : 1;
    }

    private void print(PrintStream out, List<TreeScan.Found> found) {
        if (json) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (TreeScan.Found f : found) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", f.leak().rule());
                m.put("description", f.leak().description());
                m.put("file", f.where());
                m.put("line", f.leak().line());
                m.put("secret", f.leak().secret());
                items.add(m);
            }
            try {
                out.println(JSON.writeValueAsString(Map.of("findings", items)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        for (TreeScan.Found f : found) {
            out.println(f.where() + ":" + f.leak().line() + ": " + f.leak().rule() + ": " + f.leak().description() + ": " + f.leak().secret());
        }
        if (found.isEmpty()) {
            out.println("no secrets found");
        }
    }

    private static InputStream fetch(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return r.body(); // any status: an error page is what may print a secret
    }

    /** On a terminal, a line on standard error every second saying how far the scan is. */
    private static ScheduledExecutorService progressLine(TreeScan scan) {
        if (!Terminal.attached()) {
            return null;
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        ticker.scheduleAtFixedRate(() -> {
            TreeScan.Progress p = scan.progress();
            System.err.printf("\r\033[Kscanned %,d files, %,d MB, %,d found", p.files(), p.bytes() >> 20, p.found());
        }, 1, 1, TimeUnit.SECONDS);
        return ticker;
    }
}

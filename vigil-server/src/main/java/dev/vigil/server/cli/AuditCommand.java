package dev.vigil.server.cli;

import dev.vigil.integrity.audit.Audit;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.audit.Finding;
import dev.vigil.server.OfflineStores;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil audit}: what is unsafe on this machine now (world-writable files, 777 directories under web
 * roots, SUID files, unowned files, who can become root, sudoers, uid-0 accounts, empty passwords, SSH
 * settings, new listening ports), each with why and the command that fixes it. {@code --root} audits a tree
 * as if it were {@code /}.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit this machine (or a tree) for unsafe settings.")
public final class AuditCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "one JSON object per finding")
    boolean json;

    @Option(names = "--root", paramLabel = "DIR", description = "audit DIR as if it were / (default: /)")
    Path root = Path.of("/");

    @Option(names = "--web-root", paramLabel = "DIR", description = "a web root (repeatable; default /var/www, /srv/www, /usr/share/nginx/html)")
    List<String> webRoots = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR", description = "remember SUID files and ports here, to report new ones next time")
    Path data;

    /** Most severe first: critical, high, medium, low, then anything else. */
    private static int rank(String severity) {
        int i = List.of("critical", "high", "medium", "low").indexOf(severity);
        return i < 0 ? 4 : i;
    }

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path r = root.toAbsolutePath().normalize();
        boolean live = r.equals(Path.of("/"));
        List<String> dirs = live ? Audit.DEFAULT_DIRS : List.of("/");
        List<String> web = webRoots.isEmpty() ? Audit.DEFAULT_WEB_ROOTS : webRoots;
        OfflineStores db = data == null ? null : OfflineStores.open(data);
        try {
            Audit.Result result = Audit.run(new AuditContext(r, dirs, web, db == null ? null : db.auditSeen(), live));
            List<Finding> findings = new ArrayList<>(result.findings());
            findings.sort(Comparator.comparingInt((Finding f) -> rank(f.severity())).thenComparing(Finding::path));
            for (Finding f : findings) {
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("class", f.kind());
                    m.put("path", f.path());
                    m.put("severity", f.severity());
                    m.put("why", f.why());
                    m.put("remediation", f.remediation());
                    out.println(JSON.writeValueAsString(m));
                } else {
                    out.println("[" + f.severity() + "] " + f.kind() + " " + f.path() + "\n    " + f.why() + "\n    fix: " + f.remediation());
                }
            }
            result.problems().forEach(p -> System.err.println("warning: " + p));
            if (!json) {
                System.err.println(findings.size() + " finding(s) from " + Audit.CHECK_COUNT + " checks"
                        + (findings.isEmpty() ? "" : ", worst: " + findings.get(0).severity()));
            }
            // Like Lynis and check scripts: a critical finding fails the run, so a cron job or CI step can act on it.
            return findings.stream().anyMatch(f -> f.severity().equals("critical")) ? 1 : 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("vigil audit: " + e.getMessage());
            return 1;
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }
}

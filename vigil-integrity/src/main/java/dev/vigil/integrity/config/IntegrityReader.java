package dev.vigil.integrity.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.integrity.audit.Audit;
import dev.vigil.integrity.fim.FimPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code integrity:} section:
 * <pre>
 * integrity:
 *   paths:                          # default: /etc /usr/bin /usr/sbin /bin /sbin /boot, plus the web roots
 *     - /etc
 *     - {path: /var/www, report_changes: true, exclude: ["*.log", "cache/**"], depth: 6,
 *        attributes: [size, mode, owner, group, mtime, inode, target, sha256]}
 *   web_roots: [/var/www]           # default: /var/www /srv/www /usr/share/nginx/html
 *   scan_interval: 12h
 *   audit_interval: 1h
 *   realtime: true                  # watch between scans (inotify); the scans stay the safety net
 *   group_above: 20                 # more changes than this in one scan become one event (a package upgrade)
 * </pre>
 */
public final class IntegrityReader {
    public static final String KEY = "integrity";

    private IntegrityReader() {}

    public static IntegrityPlan read(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return IntegrityPlan.OFF;
        }
        Section s = Section.of(node, "'integrity'", errors);
        List<String> webRoots = s.has("web_roots") ? s.strings("web_roots") : Audit.DEFAULT_WEB_ROOTS;
        List<FimPath> paths = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (!s.has("paths")) {
            for (String p : IntegrityPlan.DEFAULT_PATHS) {
                paths.add(FimPath.of(p));
                seen.add(p);
            }
        }
        for (ConfigNode n : s.list("paths")) {
            FimPath p = n instanceof ConfigNode.Scalar sc ? FimPath.of(String.valueOf(sc.value())) : entry(n, errors);
            if (p != null) {
                if (!Path.of(p.root()).isAbsolute()) {
                    errors.add(n, "integrity paths must be absolute, found '" + p.root() + "'");
                } else if (seen.add(p.root())) {
                    paths.add(p);
                }
            }
        }
        for (String w : webRoots) {
            if (seen.add(w)) {
                paths.add(FimPath.webRoot(w));
            }
        }
        Duration scan = s.duration("scan_interval", Duration.ofHours(12));
        Duration audit = s.duration("audit_interval", Duration.ofHours(1));
        boolean realtime = s.bool("realtime", true);
        int group = s.integer("group_above", 20, 1, 100_000);
        s.finish();
        return new IntegrityPlan(true, paths, webRoots, scan, audit, realtime, group);
    }

    private static FimPath entry(ConfigNode n, ConfigErrors errors) {
        Section e = Section.of(n, "an integrity path", errors);
        String path = e.required("path", "the directory or file to watch");
        int depth = e.integer("depth", -1, -1, 1000);
        List<String> include = e.strings("include");
        List<String> exclude = e.strings("exclude");
        List<String> attrs = e.has("attributes") ? e.strings("attributes") : List.copyOf(FimPath.ALL);
        for (String a : attrs) {
            if (!FimPath.ALL.contains(a)) {
                e.error("attributes", "unknown attribute '" + a + "'; known: " + String.join(", ", new TreeSet<>(FimPath.ALL)));
            }
        }
        boolean report = e.bool("report_changes", false);
        e.finish();
        return path.isEmpty() ? null : new FimPath(path, depth, include, exclude, Set.copyOf(attrs), report);
    }
}

package dev.vigil.integrity.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What an audit looks at: the root it treats as "/" (a test tree, or the real one), the directories whose
 * files are walked, the web roots, and what the last audit saw (to tell new SUID files and new listening
 * ports from known ones; null on a first audit).
 */
public record AuditContext(Path root, List<String> scanDirs, List<String> webRoots, Seen seen, boolean live) {

    /** Memory between audits: items of a kind ("suid", "port") seen last time. */
    public interface Seen {
        /** What was seen last time, or null when this kind was never recorded. */
        Set<String> previous(String kind);

        void remember(String kind, Set<String> items);
    }

    /** A path under the root: "/etc/passwd" becomes ROOT/etc/passwd. */
    public Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** The path as the audited system names it ("/etc/passwd", not ROOT/etc/passwd). */
    public String display(Path p) {
        Path rel = root.relativize(p);
        return "/" + rel.toString();
    }
}

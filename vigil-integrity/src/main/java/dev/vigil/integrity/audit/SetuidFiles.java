package dev.vigil.integrity.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SUID and SGID files. The first audit records them and reports those outside the usual system directories;
 * later audits report any that are new or changed since (a planted root shell).
 */
final class SetuidFiles implements AuditCheck {
    private static final List<String> SYSTEM = List.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", "/usr/lib/", "/usr/libexec/",
            "/usr/lib64/", "/lib/");

    @Override
    public String kind() {
        return "setuid";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) {
        Set<String> now = new TreeSet<>();
        List<FileWalk.Entry> found = new ArrayList<>();
        for (FileWalk.Entry e : files) {
            if (!e.directory() && (e.mode() & 06000) != 0) {
                now.add(ctx.display(e.path()) + "|" + e.size() + "|" + e.mtime() + "|" + (e.mode() & 07777));
                found.add(e);
            }
        }
        Set<String> before = ctx.seen() == null ? null : ctx.seen().previous("suid");
        List<Finding> out = new ArrayList<>();
        for (FileWalk.Entry e : found) {
            String p = ctx.display(e.path());
            String id = p + "|" + e.size() + "|" + e.mtime() + "|" + (e.mode() & 07777);
            String bits = ((e.mode() & 04000) != 0 ? "SUID" : "") + ((e.mode() & 06000) == 06000 ? "+" : "") + ((e.mode() & 02000) != 0 ? "SGID" : "");
            if (before == null) {
                if (SYSTEM.stream().noneMatch(p::startsWith)) {
                    out.add(new Finding(kind(), p, "high", bits + " file outside the system directories: it runs with its owner's"
                            + " rights (uid " + e.uid() + ") whoever starts it.", "chmod u-s,g-s " + Finding.q(p)));
                }
            } else if (!before.contains(id)) {
                boolean known = before.stream().anyMatch(b -> b.startsWith(p + "|"));
                out.add(new Finding(kind(), p, "high", bits + " file " + (known ? "changed" : "new") + " since the last audit: it runs"
                        + " with its owner's rights (uid " + e.uid() + ") whoever starts it.",
                        "chmod u-s,g-s " + Finding.q(p) + "  # if it is not from a package you installed (dpkg -S " + Finding.q(p) + ")"));
            }
        }
        if (ctx.seen() != null) {
            ctx.seen().remember("suid", now);
        }
        return out;
    }
}

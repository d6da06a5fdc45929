package dev.vigil.integrity.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Directories with mode 777 under a web root: anyone on the machine (and any exploited web script) can drop
 * a file the web server will then serve or run. The story's temp folder.
 */
final class WebRootOpen implements AuditCheck {
    @Override
    public String kind() {
        return "web-root-777";
    }

    static boolean underWebRoot(AuditContext ctx, String path) {
        for (String w : ctx.webRoots()) {
            String base = w.endsWith("/") ? w : w + "/";
            if (path.startsWith(base) || path.equals(w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) {
        List<Finding> out = new ArrayList<>();
        for (FileWalk.Entry e : files) {
            String p = ctx.display(e.path());
            if (e.directory() && (e.mode() & 0777) == 0777 && underWebRoot(ctx, p)) {
                out.add(new Finding(kind(), p, "critical",
                        "A directory under a web root is writable by everyone (mode 777): an attacker who gets any foothold can"
                                + " put a script there that the web server serves or runs.",
                        "chmod 750 " + Finding.q(p) + "  # and chown it to the web server's user if it must write there"));
            }
        }
        return out;
    }
}

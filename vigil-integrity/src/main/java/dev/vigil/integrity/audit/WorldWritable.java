package dev.vigil.integrity.audit;

import java.util.ArrayList;
import java.util.List;

/** Files and directories anyone may write, outside sticky-bit directories like /tmp (web roots: see WebRootOpen). */
final class WorldWritable implements AuditCheck {
    @Override
    public String kind() {
        return "world-writable";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) {
        List<Finding> out = new ArrayList<>();
        List<String> sticky = new ArrayList<>();
        for (FileWalk.Entry e : files) {
            String p = ctx.display(e.path());
            if (e.directory() && (e.mode() & 01000) != 0) {
                sticky.add(p.endsWith("/") ? p : p + "/");
                continue;
            }
            if ((e.mode() & 0002) == 0 || sticky.stream().anyMatch(p::startsWith)) {
                continue;
            }
            if (e.directory() && WebRootOpen.underWebRoot(ctx, p) && (e.mode() & 0777) == 0777) {
                continue; // reported, more severely, as an open directory under a web root
            }
            out.add(new Finding(kind(), p, e.directory() ? "high" : "medium",
                    (e.directory() ? "Any user can create, replace or delete files in this directory"
                            : "Any user can change this file") + String.format(" (mode %04o).", e.mode() & 07777),
                    "chmod o-w " + Finding.q(p)));
        }
        return out;
    }
}

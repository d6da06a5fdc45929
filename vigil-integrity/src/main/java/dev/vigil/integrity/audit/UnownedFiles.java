package dev.vigil.integrity.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Files whose owner or group is no account or group on the machine (left by a removed user, or unpacked by an attacker). */
final class UnownedFiles implements AuditCheck {
    @Override
    public String kind() {
        return "unowned";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        Set<Integer> uids = new HashSet<>();
        for (String[] a : Accounts.read(ctx, "/etc/passwd")) {
            if (a.length > 2 && a[2].matches("\\d+")) {
                uids.add(Integer.parseInt(a[2]));
            }
        }
        Set<Integer> gids = new HashSet<>();
        for (String[] g : Accounts.read(ctx, "/etc/group")) {
            if (g.length > 2 && g[2].matches("\\d+")) {
                gids.add(Integer.parseInt(g[2]));
            }
        }
        List<Finding> out = new ArrayList<>();
        if (uids.isEmpty()) {
            return out; // no passwd to judge by
        }
        for (FileWalk.Entry e : files) {
            boolean noUser = !uids.contains(e.uid());
            boolean noGroup = !gids.isEmpty() && !gids.contains(e.gid());
            if (noUser || noGroup) {
                String p = ctx.display(e.path());
                out.add(new Finding(kind(), p, "medium", (noUser ? "Owner uid " + e.uid() : "Group gid " + e.gid())
                        + " belongs to no account: a new account given that id would own it.", "chown root:root " + Finding.q(p)));
            }
        }
        return out;
    }
}

package dev.vigil.integrity.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Members of the groups that may become root (sudo, wheel, admin): each should be someone you know. */
final class PrivilegedGroups implements AuditCheck {
    private static final Set<String> GROUPS = Set.of("sudo", "wheel", "admin", "root");

    @Override
    public String kind() {
        return "privileged-group";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        List<Finding> out = new ArrayList<>();
        for (String[] g : Accounts.read(ctx, "/etc/group")) {
            if (g.length < 4 || !GROUPS.contains(g[0]) || g[3].isBlank()) {
                continue;
            }
            for (String member : g[3].split(",")) {
                String m = member.strip();
                if (!m.isEmpty() && !m.equals("root")) {
                    out.add(new Finding(kind(), m + "@" + g[0], "low", "'" + m + "' is in group " + g[0] + " and can become root.",
                            "gpasswd -d " + Finding.q(m) + " " + g[0] + "  # if " + m + " should not administer this machine"));
                }
            }
        }
        return out;
    }
}

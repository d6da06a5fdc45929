package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Accounts that log in without a password (an empty hash in /etc/shadow), when Vigil may read the file. */
final class EmptyPasswords implements AuditCheck {
    @Override
    public String kind() {
        return "empty-password";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        List<Finding> out = new ArrayList<>();
        var shadow = ctx.resolve("/etc/shadow");
        if (!Files.exists(shadow)) {
            return out;
        }
        if (!Files.isReadable(shadow)) {
            out.add(new Finding(kind(), "/etc/shadow", "low", "Not readable by Vigil (not permitted), so empty passwords were not checked.",
                    "run the audit as root, or grant read access to the shadow group: usermod -aG shadow vigil"));
            return out;
        }
        for (String[] a : Accounts.read(ctx, "/etc/shadow")) {
            if (a.length > 1 && a[1].isEmpty()) {
                out.add(new Finding(kind(), a[0], "critical", "Account '" + a[0] + "' has an empty password: anyone can log in as it.",
                        "passwd -l " + Finding.q(a[0]) + "  # lock it, or set a password with: passwd " + Finding.q(a[0])));
            }
        }
        return out;
    }
}

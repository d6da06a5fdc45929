package dev.vigil.integrity.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Accounts with uid 0 besides root: a second root that is easy to miss. */
final class RootAccounts implements AuditCheck {
    @Override
    public String kind() {
        return "uid0";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        List<Finding> out = new ArrayList<>();
        for (String[] a : Accounts.read(ctx, "/etc/passwd")) {
            if (a.length > 2 && a[2].equals("0") && !a[0].equals("root")) {
                out.add(new Finding(kind(), a[0], "critical", "Account '" + a[0] + "' has uid 0: it is root under another name.",
                        "userdel " + Finding.q(a[0]) + "  # or give it its own uid: usermod -u NEW_UID " + Finding.q(a[0])));
            }
        }
        return out;
    }
}

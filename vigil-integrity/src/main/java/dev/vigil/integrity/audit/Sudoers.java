package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** sudoers entries that grant everything or skip the password (NOPASSWD), in /etc/sudoers and /etc/sudoers.d. */
final class Sudoers implements AuditCheck {
    @Override
    public String kind() {
        return "sudoers";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        List<Path> sources = new ArrayList<>();
        sources.add(ctx.resolve("/etc/sudoers"));
        Path d = ctx.resolve("/etc/sudoers.d");
        if (Files.isDirectory(d)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                for (Path p : s) {
                    String n = p.getFileName().toString();
                    if (!n.endsWith("~") && !n.contains(".")) { // sudo itself skips such names in sudoers.d
                        sources.add(p);
                    }
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Path p : sources) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            } catch (AccessDeniedException e) {
                out.add(new Finding(kind(), ctx.display(p), "low", "Not readable by Vigil, so not checked.", "run the audit as root"));
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith("Defaults") || l.startsWith("@") || l.contains("_Alias")) {
                    continue;
                }
                String who = l.split("\\s+")[0];
                String where = ctx.display(p) + ":" + (i + 1);
                if (l.contains("NOPASSWD")) {
                    out.add(new Finding(kind(), where, l.matches(".*NOPASSWD:\\s*ALL\\s*$") ? "high" : "medium",
                            who + " may run commands as root without a password: '" + l + "'.",
                            "visudo -f " + Finding.q(ctx.display(p)) + "  # remove NOPASSWD from line " + (i + 1)));
                } else if (l.matches("\\S+\\s+ALL\\s*=\\s*(\\(\\s*ALL(\\s*:\\s*ALL)?\\s*\\)\\s*)?ALL\\s*$")
                        && !who.equals("root") && !who.equals("%sudo") && !who.equals("%admin") && !who.equals("%wheel")) {
                    out.add(new Finding(kind(), where, "medium", who + " may run anything as root: '" + l + "'.",
                            "visudo -f " + Finding.q(ctx.display(p)) + "  # narrow line " + (i + 1) + " to the commands needed"));
                }
            }
        }
        return out;
    }
}

package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The SSH daemon's risky settings, read as sshd reads them: the first value of a keyword wins, and
 * {@code Include} files count where they are included. Unset keywords take OpenSSH's defaults.
 */
final class SshdSettings implements AuditCheck {
    @Override
    public String kind() {
        return "sshd";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        Path main = ctx.resolve("/etc/ssh/sshd_config");
        List<Finding> out = new ArrayList<>();
        if (!Files.isRegularFile(main)) {
            return out;
        }
        Map<String, String[]> first = new LinkedHashMap<>(); // keyword -> value, where
        read(ctx, main, first, 0);
        check(out, first, "permitrootlogin", "no", v -> v.equals("yes"), "high",
                "root may log in over SSH with a password.", "PermitRootLogin prohibit-password");
        check(out, first, "passwordauthentication", "yes", v -> v.equals("yes"), "medium",
                "password logins are allowed over SSH, so passwords can be guessed from the network.", "PasswordAuthentication no");
        check(out, first, "permitemptypasswords", "no", v -> v.equals("yes"), "critical",
                "accounts without a password may log in over SSH.", "PermitEmptyPasswords no");
        return out;
    }

    private static void check(List<Finding> out, Map<String, String[]> first, String key, String dflt,
                              Predicate<String> bad, String severity, String why, String fix) {
        String[] v = first.get(key);
        String value = v == null ? dflt : v[0];
        if (bad.test(value)) {
            String where = v == null ? "/etc/ssh/sshd_config" : v[1];
            out.add(new Finding("sshd", where, severity, (v == null ? "Not set, and by default " : "") + why,
                    "set '" + fix + "' in /etc/ssh/sshd_config (before any Match block), then: systemctl reload ssh"));
        }
    }

    private static void read(AuditContext ctx, Path file, Map<String, String[]> first, int depth) throws IOException {
        if (depth > 5) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kv = l.split("\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            if (key.equals("match")) {
                return; // settings after Match apply to some connections only
            }
            if (key.equals("include") && kv.length > 1) {
                for (String pattern : kv[1].split("\\s+")) {
                    String abs = pattern.startsWith("/") ? pattern : "/etc/ssh/" + pattern;
                    Path dir = ctx.resolve(abs).getParent();
                    String glob = ctx.resolve(abs).getFileName().toString();
                    if (Files.isDirectory(dir)) {
                        List<Path> matches = new ArrayList<>();
                        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
                            s.forEach(matches::add);
                        }
                        matches.sort(null);
                        for (Path m : matches) {
                            read(ctx, m, first, depth + 1);
                        }
                    }
                }
                continue;
            }
            if (kv.length > 1) {
                first.putIfAbsent(key, new String[] {kv[1].strip().toLowerCase(Locale.ROOT), ctx.display(file) + ":" + (i + 1)});
            }
        }
    }
}

package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads /etc/passwd, /etc/group and /etc/shadow lines (name:field:...), as many fields as each has. */
final class Accounts {
    private Accounts() {}

    static List<String[]> read(AuditContext ctx, String file) throws IOException {
        Path p = ctx.resolve(file);
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out;
        }
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split(":", -1));
            }
        }
        return out;
    }
}

package dev.vigil.store;

import dev.vigil.integrity.audit.AuditContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import java.util.TreeSet;

/** What the last audit saw (SUID files, listening ports), kept in SQLite so "new since last time" survives restarts. */
public final class SqliteAuditSeen implements AuditContext.Seen {
    private final Database db;

    public SqliteAuditSeen(Database db) {
        this.db = db;
    }

    @Override
    public Set<String> previous(String kind) {
        return db.read(c -> {
            Set<String> out = new TreeSet<>();
            boolean any = false;
            try (PreparedStatement s = c.prepareStatement("SELECT item FROM audit_seen WHERE kind = ?")) {
                s.setString(1, kind);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        any = true;
                        if (!r.getString(1).isEmpty()) {
                            out.add(r.getString(1));
                        }
                    }
                }
            }
            return any ? out : null;
        });
    }

    @Override
    public void remember(String kind, Set<String> items) {
        db.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM audit_seen WHERE kind = ?")) {
                d.setString(1, kind);
                d.executeUpdate();
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO audit_seen (kind, item) VALUES (?, ?)")) {
                // An empty marker row tells "seen nothing" from "never looked".
                i.setString(1, kind);
                i.setString(2, "");
                i.addBatch();
                for (String item : items) {
                    i.setString(1, kind);
                    i.setString(2, item);
                    i.addBatch();
                }
                i.executeBatch();
            }
            return null;
        });
    }
}

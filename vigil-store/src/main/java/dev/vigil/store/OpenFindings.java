package dev.vigil.store;

import dev.vigil.integrity.FindingStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Integrity and audit findings that are open (raised and not yet fixed or accepted), so each is raised once
 * and closes once, across restarts.
 */
public final class OpenFindings implements FindingStore {

    private final Database db;
    private final InstantSource clock;

    public OpenFindings(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The open findings whose class starts with {@code prefix} ("fim-", or "" for all), oldest first. */
    @Override
    public Map<String, Open> open(String prefix) {
        return db.read(c -> {
            Map<String, Open> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT fingerprint, class, path, severity, why, remediation, first_seen"
                    + " FROM audit_findings WHERE substr(class, 1, length(?)) = ? ORDER BY first_seen, path")) {
                s.setString(1, prefix);
                s.setString(2, prefix);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), new Open(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                                r.getString(6), r.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void opened(Open o) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_findings (fingerprint, class, path, severity, why, remediation,"
                    + " first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(fingerprint) DO UPDATE SET last_seen = excluded.last_seen,"
                    + " why = excluded.why, severity = excluded.severity")) {
                long now = clock.instant().toEpochMilli();
                s.setString(1, o.fingerprint());
                s.setString(2, o.kind());
                s.setString(3, o.path());
                s.setString(4, o.severity());
                s.setString(5, o.why());
                s.setString(6, o.remediation());
                s.setLong(7, now);
                s.setLong(8, now);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void closed(String fingerprint) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM audit_findings WHERE fingerprint = ?")) {
                s.setString(1, fingerprint);
                s.executeUpdate();
            }
            return null;
        });
    }
}

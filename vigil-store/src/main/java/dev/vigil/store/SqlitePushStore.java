package dev.vigil.store;

import dev.vigil.checks.Target;
import dev.vigil.checks.push.PushStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Push monitors' secrets and last pings in SQLite: a ping is acknowledged only once it is here. */
public final class SqlitePushStore implements PushStore {
    private final Database db;

    public SqlitePushStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<Target, Kept> all() {
        return db.read(c -> {
            Map<Target, Kept> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT host, service, uuid, created, last_ping, last_start FROM push_monitors");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Target t = Target.service(r.getString(1), r.getString(2));
                    out.put(t, new Kept(t, r.getString(3), Instant.ofEpochMilli(r.getLong(4)), instant(r, 5), instant(r, 6)));
                }
            }
            return out;
        });
    }

    @Override
    public void save(Kept k) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO push_monitors (host, service, uuid, created, last_ping, last_start) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (host, service) DO UPDATE SET uuid = excluded.uuid, "
                    + "last_ping = excluded.last_ping, last_start = excluded.last_start")) {
                s.setString(1, k.target().host());
                s.setString(2, k.target().service());
                s.setString(3, k.uuid());
                s.setLong(4, k.created().toEpochMilli());
                millis(s, 5, k.lastPing());
                millis(s, 6, k.lastStart());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void forget(Target target) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM push_monitors WHERE host = ? AND service = ?")) {
                s.setString(1, target.host());
                s.setString(2, target.service());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void millis(PreparedStatement s, int i, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setLong(i, at.toEpochMilli());
        }
    }
}

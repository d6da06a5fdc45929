package dev.vigil.store;

import dev.vigil.checks.config.Registrations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In SQLite: hosts and services registered at runtime through the API (by provisioning bots), kept as the mapping the
 * client sent so they are validated by the same reader as the config files on every start and reload.
 */
public final class SqliteRegistrations implements Registrations {
    private final Database db;

    public SqliteRegistrations(Database db) {
        this.db = db;
    }

    @Override
    public List<Registration> list() {
        return db.read(c -> {
            List<Registration> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT kind, host, service, json FROM registrations ORDER BY kind, host, service")) {
                while (rs.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> def = Json.read(rs.getString(4), Map.class);
                    String service = rs.getString(3);
                    out.add(new Registration(Kind.valueOf(rs.getString(1)), rs.getString(2),
                            service.isEmpty() ? null : service, def));
                }
            }
            return out;
        });
    }

    @Override
    public void save(Registration r) {
        String json = Json.write(r.definition());
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    Database.upsert("registrations", List.of("kind", "host", "service"), List.of("kind", "host", "service", "json")))) {
                ps.setString(1, r.kind().name());
                ps.setString(2, r.host());
                ps.setString(3, r.service() == null ? "" : r.service());
                ps.setString(4, json);
                return ps.executeUpdate();
            }
        });
    }

    /** Removes a registration; removing a host also removes the services registered on it. */
    @Override
    public int remove(Kind kind, String host, String service) {
        return db.write(c -> {
            String sql = kind == Kind.HOST
                    ? "DELETE FROM registrations WHERE host = ?"
                    : "DELETE FROM registrations WHERE kind = 'SERVICE' AND host = ? AND service = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, host);
                if (kind == Kind.SERVICE) {
                    ps.setString(2, service);
                }
                return ps.executeUpdate();
            }
        });
    }
}

package dev.vigil.store;

import dev.vigil.core.access.SessionStore;
import dev.vigil.core.access.Users;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Browser sessions in the store (SQLite or PostgreSQL), by the hash of their cookie. */
public final class SqliteSessions implements SessionStore {
    private final Database db;

    public SqliteSessions(Database db) {
        this.db = db;
    }

    @Override
    public void put(String key, Stored s) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(Database.upsert("web_sessions", List.of("key"),
                    List.of("key", "user_name", "role", "generation", "csrf", "expires")))) {
                p.setString(1, key);
                p.setString(2, s.user());
                p.setString(3, s.role().name());
                p.setLong(4, s.generation());
                p.setString(5, s.csrf());
                p.setLong(6, s.expires().toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Stored> get(String key) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT user_name, role, generation, csrf, expires FROM web_sessions WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(rs.getString(1), Users.Role.valueOf(rs.getString(2)), rs.getLong(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
        });
    }

    @Override
    public void remove(String key) {
        update("DELETE FROM web_sessions WHERE key = ?", key);
    }

    @Override
    public void removeUser(String user) {
        update("DELETE FROM web_sessions WHERE user_name = ?", user);
    }

    @Override
    public int prune(Instant now) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM web_sessions WHERE expires <= ?")) {
                p.setLong(1, now.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    private void update(String sql, String value) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, value);
                return p.executeUpdate();
            }
        });
    }
}

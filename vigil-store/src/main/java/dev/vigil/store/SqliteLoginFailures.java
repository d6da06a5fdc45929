package dev.vigil.store;

import dev.vigil.core.access.LoginFailures;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Failed sign-ins by key (an address, or a user at an address), kept in the database so that a restart does
 * not hand an attacker a fresh allowance. Rows older than the throttle's window are pruned as new ones come.
 */
public final class SqliteLoginFailures implements LoginFailures {
    private final Database db;

    public SqliteLoginFailures(Database db) {
        this.db = db;
    }

    /** The times of {@code key}'s failures after {@code since}, oldest first. */
    @Override
    public List<Instant> since(String key, Instant since) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at")) {
                ps.setString(1, key);
                ps.setLong(2, since.toEpochMilli());
                List<Instant> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Instant.ofEpochMilli(rs.getLong(1)));
                    }
                }
                return out;
            }
        });
    }

    /** Records one failure for each key, and forgets failures from before {@code forgetBefore}. */
    @Override
    public void add(List<String> keys, Instant at, Instant forgetBefore) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO login_failures (key, at) VALUES (?, ?)")) {
                for (String k : keys) {
                    ps.setString(1, k);
                    ps.setLong(2, at.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE at < ?")) {
                ps.setLong(1, forgetBefore.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets the failures of these keys (after a successful sign-in). */
    @Override
    public void clear(List<String> keys) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE key = ?")) {
                for (String k : keys) {
                    ps.setString(1, k);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }
}

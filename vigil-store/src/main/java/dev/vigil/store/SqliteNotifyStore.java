package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.notify.Notification;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.Matcher;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notification pipeline's durable state in SQLite: cursor, outbox, silences. */
public final class SqliteNotifyStore implements NotifyStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteNotifyStore.class);

    private final Database db;

    public SqliteNotifyStore(Database db) {
        this.db = db;
    }

    @Override
    public long cursor() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT event_id FROM notify_cursor WHERE id = 1")) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
            // First start: begin at the end of the log; events from before notifications existed are history.
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void saveCursor(long eventId) {
        db.write(c -> {
            writeCursor(c, eventId);
            return null;
        });
    }

    private static void writeCursor(Connection c, long eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_cursor (id, event_id) VALUES (1, ?) "
                + "ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id")) {
            ps.setLong(1, eventId);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Outgoing> enqueue(List<Queued> notifications, long cursor) {
        return db.write(c -> {
            List<Outgoing> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (created, receiver, channel, dedup_key, status, "
                    + "payload, state, next_attempt) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)", Statement.RETURN_GENERATED_KEYS)) {
                for (Queued q : notifications) {
                    ps.setLong(1, q.notification().created().toEpochMilli());
                    ps.setString(2, q.receiver());
                    ps.setInt(3, q.channel());
                    ps.setString(4, q.notification().dedupKey());
                    ps.setString(5, q.notification().status().id());
                    ps.setString(6, Json.write(q.notification()));
                    ps.setLong(7, q.notBefore().toEpochMilli());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        out.add(new Outgoing(keys.getLong(1), q.receiver(), q.channel(), q.notification(), 0,
                                q.notBefore(), "pending", null, null));
                    }
                }
            }
            writeCursor(c, cursor);
            return out;
        });
    }

    @Override
    public List<Outgoing> due(Instant now, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE state = 'pending' AND next_attempt <= ? "
                    + "ORDER BY next_attempt, id LIMIT ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                return read(ps);
            }
        });
    }

    private static final String SELECT = "SELECT id, receiver, channel, payload, attempts, next_attempt, state, last_error, sent FROM outbox";

    private static List<Outgoing> read(PreparedStatement ps) throws SQLException {
        List<Outgoing> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    long sent = rs.getLong(9);
                    boolean neverSent = rs.wasNull();
                    out.add(new Outgoing(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            Json.read(rs.getString(4), Notification.class), rs.getInt(5),
                            Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getString(8),
                            neverSent ? null : Instant.ofEpochMilli(sent)));
                } catch (RuntimeException e) {
                    log.error("outbox row {} is unreadable: {}", rs.getLong(1), e.getMessage());
                }
            }
        }
        return out;
    }

    @Override
    public void markSent(long id, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'sent', sent = ?, attempts = attempts + 1, "
                    + "last_error = NULL WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void markFailed(long id, String error, Instant nextAttempt) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                    + "next_attempt = ? WHERE id = ?")) {
                ps.setString(1, error);
                ps.setLong(2, nextAttempt.toEpochMilli());
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void markGivenUp(long id, String error) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                    + "state = 'failed' WHERE id = ?")) {
                ps.setString(1, error);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> lastStatus(String dedupKey) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM outbox WHERE dedup_key = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, dedupKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public List<Outgoing> history(String fingerprint, int limit) {
        return db.read(c -> {
            String sql = SELECT + (fingerprint == null ? "" : " WHERE payload LIKE ?") + " ORDER BY id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (fingerprint != null) {
                    ps.setString(i++, "%\"fingerprint\":\"" + fingerprint.replaceAll("[^0-9a-zA-Z-]", "") + "\"%");
                }
                ps.setInt(i, limit);
                return read(ps);
            }
        });
    }

    @Override
    public String secret(String name) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM secrets WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String value = HexFormat.of().formatHex(raw);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (name, value) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return value;
        });
    }

    @Override
    public boolean useAckLink(String nonce, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ack_links_used (nonce, used) VALUES (?, ?) "
                    + "ON CONFLICT (nonce) DO NOTHING")) {
                ps.setString(1, nonce);
                ps.setLong(2, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Silence> silences() {
        return db.read(c -> {
            List<Silence> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT id, matchers, starts, ends, author, comment FROM silences ORDER BY starts")) {
                while (rs.next()) {
                    List<Matcher> matchers = Json.read(rs.getString(2), new TypeReference<List<Matcher>>() {});
                    out.add(new Silence(rs.getString(1), matchers, Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        });
    }

    @Override
    public void saveSilence(Silence s) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(Database.upsert("silences", List.of("id"),
                    List.of("id", "matchers", "starts", "ends", "author", "comment")))) {
                ps.setString(1, s.id());
                ps.setString(2, Json.write(s.matchers()));
                ps.setLong(3, s.startsAt().toEpochMilli());
                ps.setLong(4, s.endsAt().toEpochMilli());
                ps.setString(5, s.author());
                ps.setString(6, s.comment());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean deleteSilence(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM silences WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }
}

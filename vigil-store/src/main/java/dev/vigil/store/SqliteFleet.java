package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.fleet.Fleet;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Join tokens and agents in SQLite. A join token is 32 random bytes of which only the SHA-256 is kept, as for API tokens. */
public final class SqliteFleet implements Fleet {
    private static final String PREFIX = "vigil_join_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};
    private static final String AGENT_COLUMNS = "id, host, version, labels, enrolled, last_seen, certificate, revoked, retired, "
            + "acked, plan_version, buffered, lost, skew_ms, facts, integrity_accepted, location";

    private final Database db;
    private final InstantSource clock;

    public SqliteFleet(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public CreatedToken createToken(Map<String, String> labels, Instant expires, Integer uses, boolean probe) {
        Instant now = clock.instant();
        if (expires != null && !expires.isAfter(now)) {
            throw new IllegalArgumentException("a join token's expiry must be in the future");
        }
        if (uses != null && uses < 1) {
            throw new IllegalArgumentException("a join token must allow at least one use");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = SqliteTokens.hash(secret);
        String id = hash.substring(0, 12);
        Map<String, String> sorted = new TreeMap<>(labels);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO join_tokens (id, hash, labels, created, expires, uses, probe) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, hash);
                ps.setString(3, Json.write(sorted));
                ps.setLong(4, now.toEpochMilli());
                setNullable(ps, 5, expires == null ? null : expires.toEpochMilli());
                setNullable(ps, 6, uses == null ? null : uses.longValue());
                ps.setInt(7, probe ? 1 : 0);
                return ps.executeUpdate();
            }
        });
        return new CreatedToken(new JoinToken(id, Map.copyOf(sorted), now, expires, uses, 0, probe), secret);
    }

    @Override
    public List<JoinToken> tokens() {
        return db.read(c -> {
            List<JoinToken> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, labels, created, expires, uses, used, probe FROM join_tokens ORDER BY created DESC")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(token(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean deleteToken(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM join_tokens WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Agent enroll(String secret, String id, String host, Map<String, String> ownLabels, Supplier<String> certificate, String facts,
                        String location) {
        Instant now = clock.instant();
        return db.write(c -> {
            JoinToken token = redeem(c, secret == null ? "" : secret, now);
            if (token.probe() != (location != null)) {
                throw new Refused(token.probe() ? "this join token enrolls probes (vigil probe ... --location NAME), not agents"
                        : "this join token enrolls agents; a probe needs a probe token (vigil agent-token create --probe)");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM agents WHERE host = ? AND revoked = 0 AND retired = 0")) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new Refused("host '" + host + "' already has an agent (" + rs.getString(1)
                                + "); revoke it first to enroll this one");
                    }
                }
            }
            // A revoked or retired agent of the same host gives its name up to the new one (it keeps its record under its id).
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET host = host || '#' || id WHERE host = ?")) {
                ps.setString(1, host);
                ps.executeUpdate();
            }
            String cert = certificate.get();
            Map<String, String> labels = new TreeMap<>(ownLabels);
            labels.putAll(token.labels()); // the admin's labels win over the agent's own
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agents (id, host, version, labels, enrolled, last_seen, "
                    + "certificate, facts, location) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, host);
                ps.setString(3, Json.write(labels));
                ps.setLong(4, now.toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                ps.setString(6, cert);
                ps.setString(7, facts);
                ps.setString(8, location);
                ps.executeUpdate();
            }
            return new Agent(id, host, "", Map.copyOf(labels), now, now, cert, false, false, 0, "", 0, 0, Duration.ZERO, facts, null, location);
        });
    }

    private static JoinToken redeem(Connection c, String secret, Instant now) throws SQLException {
        JoinToken token;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, labels, created, expires, uses, used, probe FROM join_tokens WHERE hash = ?")) {
            ps.setString(1, SqliteTokens.hash(secret));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("unknown join token (create one with: vigil agent-token create)");
                }
                token = token(rs);
            }
        }
        if (token.expires() != null && !now.isBefore(token.expires())) {
            throw new Refused("this join token expired at " + token.expires() + "; create a new one");
        }
        if (token.uses() != null && token.used() >= token.uses()) {
            throw new Refused("this join token has been used " + token.used() + " of " + token.uses() + " times; create a new one");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE join_tokens SET used = used + 1 WHERE id = ?")) {
            ps.setString(1, token.id());
            ps.executeUpdate();
        }
        return token;
    }

    @Override
    public Optional<Agent> agent(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(agent(rs)) : Optional.<Agent>empty();
                }
            }
        });
    }

    @Override
    public List<Agent> agents() {
        return db.read(c -> {
            List<Agent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AGENT_COLUMNS + " FROM agents ORDER BY host")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(agent(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void contacts(List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET last_seen = " + db.greatest() + "(last_seen, ?), version = ?, plan_version = ?, "
                    + "buffered = ?, skew_ms = ?, retired = 0, facts = COALESCE(?, facts), acked = " + db.greatest() + "(acked, ?), lost = lost + ? WHERE id = ?")) {
                for (Contact k : contacts) {
                    ps.setLong(1, k.at().toEpochMilli());
                    ps.setString(2, k.version());
                    ps.setString(3, k.planVersion());
                    ps.setLong(4, k.buffered());
                    ps.setLong(5, k.skew().toMillis());
                    ps.setString(6, k.facts());
                    ps.setLong(7, k.acked());
                    ps.setLong(8, k.lost());
                    ps.setString(9, k.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean renew(String id, String certificate) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET certificate = ? WHERE id = ? AND revoked = 0")) {
                ps.setString(1, certificate);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean revoke(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET revoked = 1 WHERE id = ? AND revoked = 0")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean acceptIntegrity(String id, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET integrity_accepted = ? WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Agent> retire(Instant before) {
        return db.write(c -> {
            List<Agent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AGENT_COLUMNS
                    + " FROM agents WHERE last_seen < ? AND retired = 0 AND revoked = 0")) {
                ps.setLong(1, before.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(agent(rs));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET retired = 1 WHERE id = ?")) {
                for (Agent a : out) {
                    ps.setString(1, a.id());
                    ps.executeUpdate();
                }
            }
            return out;
        });
    }

    private static JoinToken token(ResultSet rs) throws SQLException {
        long expires = rs.getLong(4);
        Instant exp = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        int uses = rs.getInt(5);
        Integer u = rs.wasNull() ? null : uses;
        return new JoinToken(rs.getString(1), Map.copyOf(Json.read(rs.getString(2), LABELS)), Instant.ofEpochMilli(rs.getLong(3)),
                exp, u, rs.getInt(6), rs.getInt(7) != 0);
    }

    private static Agent agent(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), Map.copyOf(Json.read(rs.getString(4), LABELS)),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getInt(8) != 0,
                rs.getInt(9) != 0, rs.getLong(10), rs.getString(11), rs.getLong(12), rs.getLong(13),
                Duration.ofMillis(rs.getLong(14)), rs.getString(15), rs.getLong(16) == 0 ? null : Instant.ofEpochMilli(rs.getLong(16)),
                rs.getString(17));
    }

    private static void setNullable(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, value);
        }
    }
}

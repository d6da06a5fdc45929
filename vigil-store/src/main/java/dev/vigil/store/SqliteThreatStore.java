package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.threats.triage.Change;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** Leak findings, their triage history, the allow-list and the sources' resume points, in SQLite. */
public final class SqliteThreatStore implements ThreatStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, key, source, source_name, url, title, host, service, terms, rules, secrets, excerpt,"
            + " first_seen, last_seen, content, severity, state, assignee, tags, raised";

    private final Database db;

    public SqliteThreatStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Finding> byKey(String key) {
        return db.read(c -> one(c, "key = ?", key));
    }

    @Override
    public Finding add(Finding f) {
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO threat_findings (" + COLUMNS.substring(4)
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                int i = 1;
                s.setString(i++, f.key());
                s.setString(i++, f.source());
                s.setString(i++, f.sourceName());
                s.setString(i++, f.url());
                s.setString(i++, f.title());
                s.setString(i++, f.host());
                s.setString(i++, f.service());
                s.setString(i++, Json.write(f.terms()));
                s.setString(i++, Json.write(f.rules()));
                s.setString(i++, Json.write(f.secrets()));
                s.setString(i++, f.excerpt());
                s.setLong(i++, f.firstSeen().toEpochMilli());
                s.setLong(i++, f.lastSeen().toEpochMilli());
                s.setString(i++, f.contentSha256());
                s.setString(i++, f.severity().id());
                s.setString(i++, f.state().id());
                s.setString(i++, f.assignee());
                s.setString(i++, Json.write(f.tags()));
                s.setInt(i, f.raised() ? 1 : 0);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return f.withId(keys.getLong(1));
                }
            }
        });
    }

    @Override
    public void seenAgain(long id, Instant at) {
        update("UPDATE threat_findings SET last_seen = " + db.greatest() + "(last_seen, ?) WHERE id = ?", at.toEpochMilli(), id);
    }

    @Override
    public void raised(long id) {
        update("UPDATE threat_findings SET raised = 1 WHERE id = ?", id);
    }

    private void update(String sql, Object... args) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<Finding> unraised() {
        return db.read(c -> many(c, "SELECT " + COLUMNS + " FROM threat_findings WHERE raised = 0 ORDER BY id"));
    }

    @Override
    public Optional<Finding> get(long id) {
        return db.read(c -> one(c, "id = ?", id));
    }

    @Override
    public List<Finding> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM threat_findings WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.state() != null) {
            sql.append(" AND state = ?");
            args.add(f.state().id());
        }
        if (f.source() != null && !f.source().isEmpty()) {
            sql.append(" AND source = ?");
            args.add(f.source());
        }
        if (f.atLeast() != null) {
            List<String> levels = new ArrayList<>();
            for (Level l : Level.values()) {
                if (l.compareTo(f.atLeast()) >= 0) {
                    levels.add("'" + l.id() + "'");
                }
            }
            sql.append(" AND severity IN (").append(String.join(",", levels)).append(")");
        }
        sql.append(" ORDER BY last_seen DESC, id DESC LIMIT ?");
        args.add(f.limit());
        return db.read(c -> many(c, sql.toString(), args.toArray()));
    }

    @Override
    public Finding update(long id, FindingState state, String assignee, List<String> tags, String comment, String who, Instant at) {
        return db.write(c -> {
            Finding f = one(c, "id = ?", id).orElseThrow(() -> new NoSuchElementException("no finding " + id));
            long when = at.toEpochMilli();
            if (state != null && state != f.state()) {
                set(c, id, "state", state.id());
                history(c, id, when, who, "state", state.id());
            }
            if (assignee != null && !assignee.equals(f.assignee())) {
                set(c, id, "assignee", assignee);
                history(c, id, when, who, "assignee", assignee);
            }
            if (tags != null && !tags.equals(f.tags())) {
                set(c, id, "tags", Json.write(tags));
                history(c, id, when, who, "tags", String.join(", ", tags));
            }
            if (comment != null && !comment.isBlank()) {
                history(c, id, when, who, "comment", comment);
            }
            return one(c, "id = ?", id).orElseThrow();
        });
    }

    private static void set(Connection c, long id, String column, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE threat_findings SET " + column + " = ? WHERE id = ?")) {
            s.setString(1, value);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    private static void history(Connection c, long id, long at, String who, String what, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO threat_history (finding, at, who, what, text) VALUES (?,?,?,?,?)")) {
            s.setLong(1, id);
            s.setLong(2, at);
            s.setString(3, who);
            s.setString(4, what);
            s.setString(5, text);
            s.executeUpdate();
        }
    }

    @Override
    public List<Change> history(long id) {
        return db.read(c -> {
            List<Change> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT at, who, what, text FROM threat_history WHERE finding = ? ORDER BY at, rowid")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Change(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Set<String> allowed() {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM threat_allowed"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public void allow(String sha256, String who, String why, Instant at) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO threat_allowed (sha256, who, why, at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) {
                s.setString(1, sha256);
                s.setString(2, who);
                s.setString(3, why);
                s.setLong(4, at.toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> resume(String source) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM threat_resume WHERE source = ?")) {
                s.setString(1, source);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void resume(String source, String state) {
        update("INSERT INTO threat_resume (source, state) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET state = excluded.state",
                source, state);
    }

    private static Optional<Finding> one(Connection c, String where, Object arg) throws SQLException {
        List<Finding> found = many(c, "SELECT " + COLUMNS + " FROM threat_findings WHERE " + where, arg);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<Finding> many(Connection c, String sql, Object... args) throws SQLException {
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    int i = 1;
                    out.add(new Finding(r.getLong(i++), r.getString(i++), r.getString(i++), r.getString(i++), r.getString(i++),
                            r.getString(i++), r.getString(i++), r.getString(i++), Json.read(r.getString(i++), STRINGS),
                            Json.read(r.getString(i++), STRINGS), Json.read(r.getString(i++), STRINGS), r.getString(i++),
                            Instant.ofEpochMilli(r.getLong(i++)), Instant.ofEpochMilli(r.getLong(i++)), r.getString(i++),
                            Level.of(r.getString(i++)), FindingState.of(r.getString(i++)), r.getString(i++),
                            Json.read(r.getString(i++), STRINGS), r.getInt(i) == 1));
                }
            }
        }
        return out;
    }
}

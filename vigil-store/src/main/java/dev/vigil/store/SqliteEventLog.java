package dev.vigil.store;

import dev.vigil.core.event.EventKind;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event log in SQLite ({@code events}), with the open problems of sources other than checks kept beside it
 * ({@code open_problems}, {@code event_acks}). The check engine's store writes its events here in the same
 * transaction as the state they belong to, and announces them after the commit.
 */
public final class SqliteEventLog implements ProblemLog {
    private final Database db;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    public SqliteEventLog(Database db) {
        this.db = db;
    }

    @Override
    public void subscribe(Runnable wake) {
        subscribers.add(wake);
    }

    /** Wakes the subscribers: called after a commit that added events. */
    void announce() {
        subscribers.forEach(Runnable::run);
    }

    static void insert(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (at, host, source, kind, severity, title, "
                + "details, fingerprint, evidence, suppression, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, e.when().toEpochMilli());
            ps.setString(2, e.host());
            ps.setString(3, e.source());
            ps.setString(4, e.kind().id());
            ps.setString(5, e.severity().name());
            ps.setString(6, e.title());
            ps.setString(7, e.details());
            ps.setString(8, e.fingerprint());
            ps.setString(9, Json.write(e.evidence()));
            ps.setString(10, e.suppression());
            ps.setString(11, Json.write(e.tags()));
            ps.executeUpdate();
            if (!e.source().equals("check")) {
                try (ResultSet id = ps.getGeneratedKeys()) {
                    id.next();
                    trackOpenProblem(c, e, id.getLong(1));
                }
            }
        }
    }

    /** Keeps {@code open_problems} in step with the event just inserted (the engine's state is the checks'). */
    private static void trackOpenProblem(Connection c, Event e, long id) throws SQLException {
        boolean opens = e.kind() == EventKind.PROBLEM && e.severity() != Severity.OK;
        boolean closes = e.kind() == EventKind.RECOVERY || (e.kind() == EventKind.PROBLEM && !opens);
        if (opens) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO open_problems (fingerprint, event_id, since) "
                    + "VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET event_id = excluded.event_id, "
                    + "since = CASE WHEN excluded.since < open_problems.since THEN excluded.since ELSE open_problems.since END")) {
                ps.setString(1, e.fingerprint());
                ps.setLong(2, id);
                ps.setLong(3, e.when().toEpochMilli());
                ps.executeUpdate();
            }
        } else if (closes) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM open_problems WHERE fingerprint = ?")) {
                ps.setString(1, e.fingerprint());
                ps.executeUpdate();
            }
        }
    }

    @Override
    public List<Logged> newest(String host, Instant since, int limit) {
        return db.read(c -> {
            String sql = "SELECT id, at, host, source, kind, severity, title, details, fingerprint, evidence, suppression, tags "
                    + "FROM events WHERE at >= ?" + (host == null ? "" : " AND host = ?") + " ORDER BY at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, since.toEpochMilli());
                if (host != null) {
                    ps.setString(i++, host);
                }
                ps.setInt(i, limit);
                return readEvents(ps);
            }
        });
    }

    @Override
    public void append(List<Event> newEvents) {
        db.write(c -> {
            for (Event e : newEvents) {
                insert(c, e);
            }
            return null;
        });
        announce();
    }

    @Override
    public List<String> eventValues(String column) {
        if (!column.equals("host") && !column.equals("source")) {
            throw new IllegalArgumentException("events are filtered by host or source");
        }
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT DISTINCT " + column + " FROM events WHERE "
                    + column + " IS NOT NULL ORDER BY " + column + " LIMIT 1000")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<OpenProblem> openProblems(int limit) {
        return openProblems(null, limit);
    }

    private List<OpenProblem> openProblems(String fingerprint, int limit) {
        return db.read(c -> {
            List<OpenProblem> out = new ArrayList<>();
            String sql = "SELECT e.id, e.at, e.host, e.source, e.kind, e.severity, e.title, e.details, e.fingerprint, e.evidence, "
                    + "e.suppression, e.tags, o.since, a.author, a.comment, a.at "
                    + "FROM open_problems o JOIN events e ON e.id = o.event_id "
                    + "LEFT JOIN event_acks a ON a.fingerprint = o.fingerprint "
                    + (fingerprint == null ? "" : "WHERE o.fingerprint = ? ") + "ORDER BY e.at DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (fingerprint != null) {
                    ps.setString(i++, fingerprint);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Logged latest = storedEvent(rs);
                        long since = rs.getLong(13);
                        Instant from = rs.wasNull() ? latest.event().when() : Instant.ofEpochMilli(since);
                        String author = rs.getString(14);
                        ProblemAck ack = author == null || rs.getLong(16) < from.toEpochMilli() ? null
                                : new ProblemAck(author, rs.getString(15), Instant.ofEpochMilli(rs.getLong(16)));
                        out.add(new OpenProblem(latest, from, ack));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean acknowledgeProblem(String fingerprint, String author, String comment, Instant at) {
        Event problem = openProblems(fingerprint, 1).stream().map(p -> p.latest().event()).findFirst().orElse(null);
        if (problem == null) {
            return false;
        }
        Event ack = new Event(at, problem.host(), problem.source(), EventKind.ACKNOWLEDGED, Severity.INFO,
                problem.title() + " acknowledged by " + author, comment, fingerprint, problem.evidence(), "acknowledgement",
                problem.tags());
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_acks (fingerprint, author, comment, at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (fingerprint) DO UPDATE SET author = excluded.author, comment = excluded.comment, at = excluded.at")) {
                ps.setString(1, fingerprint);
                ps.setString(2, author);
                ps.setString(3, comment);
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            insert(c, ack);
            return null;
        });
        announce();
        return true;
    }

    @Override
    public List<Logged> after(long afterId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, host, source, kind, severity, title, details, "
                    + "fingerprint, evidence, suppression, tags FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                return readEvents(ps);
            }
        });
    }

    private static List<Logged> readEvents(PreparedStatement ps) throws SQLException {
        List<Logged> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(storedEvent(rs));
            }
        }
        return out;
    }

    /** The event in columns 1-12 of the current row (id, at, host, source, kind, severity, title, details, ...). */
    private static Logged storedEvent(ResultSet rs) throws SQLException {
        Event e = new Event(Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                EventKind.of(rs.getString(5)), Severity.valueOf(rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getString(9),
                Json.read(rs.getString(10), new TypeReference<List<EvidenceLink>>() {}),
                rs.getString(11), Json.read(rs.getString(12), new TypeReference<Map<String, String>>() {}));
        return new Logged(rs.getLong(1), e);
    }
}

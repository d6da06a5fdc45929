package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.IncidentStore;
import dev.vigil.incidents.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Incidents, their events and the correlator's cursor, in SQLite: an event is attached and read past in one transaction. */
public final class SqliteIncidentStore implements IncidentStore {
    private static final TypeReference<List<EvidenceLink>> LINKS = new TypeReference<>() {};
    private static final String COLUMNS = "id, title, severity, state, kind, host, opened, updated, resolved, earliest, events, follows, note";

    private final Database db;

    public SqliteIncidentStore(Database db) {
        this.db = db;
    }

    @Override
    public Incident open(Incident d) {
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incidents (" + COLUMNS.substring(4) + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                bind(s, d);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return d.withId(keys.getLong(1));
                }
            }
        });
    }

    @Override
    public void update(Incident i) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(UPDATE)) {
                bind(s, i);
                s.setLong(13, i.id());
                if (s.executeUpdate() == 0) {
                    throw new NoSuchElementException("no incident " + i.id());
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement s, Incident i) throws SQLException {
        s.setString(1, i.title());
        s.setString(2, i.severity().name());
        s.setString(3, i.state().id());
        s.setString(4, i.kind().id());
        s.setString(5, i.host());
        s.setLong(6, i.opened().toEpochMilli());
        s.setLong(7, i.updated().toEpochMilli());
        if (i.resolved() == null) {
            s.setNull(8, Types.INTEGER);
        } else {
            s.setLong(8, i.resolved().toEpochMilli());
        }
        s.setLong(9, i.earliest());
        s.setInt(10, i.events());
        s.setLong(11, i.follows());
        s.setString(12, i.note());
    }

    private static final String MEMBER = "event, at, host, source, kind, severity, title, details, fingerprint, evidence";

    /** The member in the row's columns from {@code first} on (as {@link #MEMBER} lists them). */
    private static Member member(ResultSet r, int first) throws SQLException {
        int i = first;
        return new Member(r.getLong(i), Instant.ofEpochMilli(r.getLong(i + 1)), r.getString(i + 2), r.getString(i + 3),
                EventKind.of(r.getString(i + 4)), Severity.valueOf(r.getString(i + 5)), r.getString(i + 6), r.getString(i + 7),
                r.getString(i + 8), Json.read(r.getString(i + 9), LINKS));
    }

    private static final String UPDATE = "UPDATE incidents SET title = ?, severity = ?, state = ?, kind = ?, host = ?, opened = ?,"
            + " updated = ?, resolved = ?, earliest = ?, events = ?, follows = ?, note = ? WHERE id = ?";
    private static final String ATTACH = "INSERT INTO incident_events (event, incident, at, host, source, kind,"
            + " severity, title, details, fingerprint, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

    @Override
    public void attach(long incident, Member m) {
        commit(List.of(), List.of(new Attached(incident, m)), m.event());
    }

    /** One transaction for a run of events: at 10,000 events a second, a write each was the correlator's cost. */
    @Override
    public void commit(Collection<Incident> updated, List<Attached> attached, long cursor) {
        db.write(c -> {
            try (PreparedStatement u = c.prepareStatement(UPDATE); PreparedStatement a = c.prepareStatement(ATTACH)) {
                for (Incident i : updated) {
                    bind(u, i);
                    u.setLong(13, i.id());
                    u.addBatch();
                }
                u.executeBatch();
                for (Attached at : attached) {
                    Member m = at.member();
                    a.setLong(1, m.event());
                    a.setLong(2, at.incident());
                    a.setLong(3, m.at().toEpochMilli());
                    a.setString(4, m.host());
                    a.setString(5, m.source());
                    a.setString(6, m.kind().id());
                    a.setString(7, m.severity().name());
                    a.setString(8, m.title());
                    a.setString(9, m.details());
                    a.setString(10, m.fingerprint());
                    a.setString(11, Json.write(m.evidence()));
                    a.addBatch();
                }
                a.executeBatch();
            }
            moveCursor(c, cursor);
            return null;
        });
    }

    @Override
    public void skip(long event) {
        db.write(c -> {
            moveCursor(c, event);
            return null;
        });
    }

    private static void moveCursor(Connection c, long event) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE incident_cursor SET cursor = ? WHERE id = 1 AND cursor < ?")) {
            s.setLong(1, event);
            s.setLong(2, event);
            s.executeUpdate();
        }
    }

    @Override
    public long cursor() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT cursor FROM incident_cursor WHERE id = 1"); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    @Override
    public Optional<Incident> get(long id) {
        List<Incident> found = db.read(c -> incidents(c, "WHERE id = ?", id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    @Override
    public List<Incident> list(IncidentState state, int limit) {
        return db.read(c -> state == null ? incidents(c, "ORDER BY opened DESC, id DESC LIMIT ?", limit)
                : incidents(c, "WHERE state = ? ORDER BY opened DESC, id DESC LIMIT ?", state.id(), limit));
    }

    @Override
    public List<Incident> active() {
        return db.read(c -> incidents(c, "WHERE state <> 'resolved' ORDER BY id"));
    }

    private static List<Incident> incidents(Connection c, String rest, Object... args) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents " + rest)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long resolved = r.getLong(9);
                    Instant resolvedAt = r.wasNull() ? null : Instant.ofEpochMilli(resolved);
                    out.add(new Incident(r.getLong(1), r.getString(2), Severity.valueOf(r.getString(3)),
                            IncidentState.valueOf(r.getString(4).toUpperCase(Locale.ROOT)), Incident.Kind.valueOf(r.getString(5).toUpperCase(Locale.ROOT)),
                            r.getString(6), Instant.ofEpochMilli(r.getLong(7)), Instant.ofEpochMilli(r.getLong(8)),
                            resolvedAt, r.getLong(10), r.getInt(11), r.getLong(12), r.getString(13)));
                }
            }
        }
        return out;
    }

    @Override
    public List<Member> members(long incident) {
        return db.read(c -> {
            List<Member> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + MEMBER + " FROM incident_events WHERE incident = ? ORDER BY at, event")) {
                s.setLong(1, incident);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(member(r, 1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Long> incidentOf(long event) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT incident FROM incident_events WHERE event = ?")) {
                s.setLong(1, event);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Long> incidentAt(String source, String host, Instant at) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT incident FROM incident_events WHERE at = ? AND source = ? AND host IS NOT DISTINCT FROM ? LIMIT 1")) {
                s.setLong(1, at.toEpochMilli());
                s.setString(2, source);
                s.setString(3, host);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Attached> problemsSince(Instant since, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT incident, " + MEMBER + " FROM incident_events WHERE at >= ? AND kind = 'problem'"
                    + " AND severity IN ('WARNING', 'CRITICAL', 'UNKNOWN') ORDER BY at DESC LIMIT ?")) {
                s.setLong(1, since.toEpochMilli());
                s.setInt(2, limit);
                List<Attached> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Attached(r.getLong(1), member(r, 2)));
                    }
                }
                return out.reversed();
            }
        });
    }
}

package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The check engine's state, results, events and runtime downtimes in SQLite. */
public final class SqliteEngineStore implements EngineStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteEngineStore.class);

    private final Database db;

    public SqliteEngineStore(Database db) {
        this.db = db;
    }

    /** The stored form of a {@link Status}: plain strings, so the enums can evolve without breaking rows. */
    record StoredStatus(String host, String service, String state, String stateType, int attempt, int maxAttempts,
                        Instant lastCheck, Instant lastStateChange, Instant lastHardStateChange, String lastHardState,
                        String output, String longOutput, List<PerfValue> perfdata, List<String> history,
                        boolean flapping, double flapPercent, Acknowledgement acknowledgement, boolean alerted) {

        static StoredStatus of(Status s) {
            return new StoredStatus(s.target().host(), s.target().service(), s.state().name(), s.stateType().name(),
                    s.attempt(), s.maxAttempts(), s.lastCheck(), s.lastStateChange(), s.lastHardStateChange(),
                    s.lastHardState().name(), s.output(), s.longOutput(), s.perfdata(),
                    s.history().stream().map(State::name).toList(), s.flapping(), s.flapPercent(),
                    s.acknowledgement(), s.alerted());
        }

        Status toStatus() {
            boolean isHost = service == null;
            return new Status(new Target(host, service), State.parse(state, isHost), StateType.valueOf(stateType),
                    attempt, maxAttempts, lastCheck, lastStateChange, lastHardStateChange,
                    State.parse(lastHardState, isHost), output, longOutput, perfdata,
                    history.stream().map(h -> State.parse(h, isHost)).toList(), flapping, flapPercent,
                    acknowledgement, alerted);
        }
    }

    record StoredDowntime(String id, String host, String service, Instant start, Instant end, String cron,
                          Duration duration, String zone, String comment, String author) {
        static StoredDowntime of(Downtime d) {
            return new StoredDowntime(d.id(), d.host(), d.service(), d.start(), d.end(), d.cron(), d.duration(),
                    d.zone() == null ? null : d.zone().getId(), d.comment(), d.author());
        }

        Downtime toDowntime() {
            return new Downtime(id, host, service, start, end, cron, duration, zone == null ? null : ZoneId.of(zone),
                    comment, author);
        }
    }

    @Override
    public Map<Target, Status> loadStatuses() {
        return db.read(c -> {
            Map<Target, Status> out = new HashMap<>();
            try (var rs = c.createStatement().executeQuery("SELECT host, service, json FROM status")) {
                while (rs.next()) {
                    try {
                        Status s = Json.read(rs.getString(3), StoredStatus.class).toStatus();
                        out.put(s.target(), s);
                    } catch (RuntimeException e) {
                        // One unreadable row must not stop the others from resuming; that object restarts PENDING.
                        log.warn("ignoring unreadable stored status of {}/{}: {}", rs.getString(1), rs.getString(2), e.getMessage());
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void record(Status status, CheckResult result, Instant at, List<Event> events) {
        String json = Json.write(StoredStatus.of(status));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO status (host, service, json) VALUES (?, ?, ?) "
                            + "ON CONFLICT (host, service) DO UPDATE SET json = excluded.json")) {
                ps.setString(1, status.target().host());
                ps.setString(2, service(status.target()));
                ps.setString(3, json);
                ps.executeUpdate();
            }
            if (result != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (host, service, at, state, "
                        + "state_type, attempt, output, long_output, perfdata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, status.target().host());
                    ps.setString(2, service(status.target()));
                    ps.setLong(3, at.toEpochMilli());
                    ps.setString(4, status.state().name());
                    ps.setString(5, status.stateType().name());
                    ps.setInt(6, status.attempt());
                    ps.setString(7, result.output());
                    ps.setString(8, result.longOutput());
                    ps.setString(9, Json.write(result.perfdata()));
                    ps.executeUpdate();
                }
            }
            for (Event e : events) {
                insertEvent(c, e);
            }
            return null;
        });
    }

    static void insertEvent(java.sql.Connection c, Event e) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (at, host, source, kind, severity, title, "
                + "details, fingerprint, evidence, suppression, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.when().toEpochMilli());
            ps.setString(2, e.host());
            ps.setString(3, e.source());
            ps.setString(4, e.kind());
            ps.setString(5, e.severity().name());
            ps.setString(6, e.title());
            ps.setString(7, e.details());
            ps.setString(8, e.fingerprint());
            ps.setString(9, Json.write(e.evidence()));
            ps.setString(10, e.suppression());
            ps.setString(11, Json.write(e.tags()));
            ps.executeUpdate();
        }
        if (!e.source().equals("check")) {
            trackOpenProblem(c, e);
        }
    }

    /** Keeps {@code open_problems} in step with the event just inserted (the engine's state is the checks'). */
    private static void trackOpenProblem(java.sql.Connection c, Event e) throws java.sql.SQLException {
        boolean opens = e.kind().equals("problem") && e.severity() != dev.vigil.core.event.Severity.OK;
        boolean closes = e.kind().equals("recovery") || (e.kind().equals("problem") && !opens);
        if (opens) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO open_problems (fingerprint, event_id, since) "
                    + "VALUES (?, last_insert_rowid(), ?) ON CONFLICT (fingerprint) DO UPDATE SET event_id = excluded.event_id, "
                    + "since = min(since, excluded.since)")) {
                ps.setString(1, e.fingerprint());
                ps.setLong(2, e.when().toEpochMilli());
                ps.executeUpdate();
            }
        } else if (closes) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM open_problems WHERE fingerprint = ?")) {
                ps.setString(1, e.fingerprint());
                ps.executeUpdate();
            }
        }
    }

    private static String service(Target t) {
        return t.service() == null ? "" : t.service();
    }

    @Override
    public void forget(Target target) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM status WHERE host = ? AND service = ?")) {
                ps.setString(1, target.host());
                ps.setString(2, service(target));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Downtime> loadDowntimes() {
        return db.read(c -> {
            List<Downtime> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT json FROM downtimes ORDER BY id")) {
                while (rs.next()) {
                    try {
                        out.add(Json.read(rs.getString(1), StoredDowntime.class).toDowntime());
                    } catch (RuntimeException e) {
                        log.warn("ignoring unreadable stored downtime: {}", e.getMessage());
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveDowntime(Downtime downtime) {
        String json = Json.write(StoredDowntime.of(downtime));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO downtimes (id, json) VALUES (?, ?)")) {
                ps.setString(1, downtime.id());
                ps.setString(2, json);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean deleteDowntime(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM downtimes WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** One stored check result. */
    public record StoredResult(Instant at, String state, String stateType, int attempt, String output,
                               String longOutput, List<PerfValue> perfdata) {}

    /** The newest results of {@code target}, newest first. */
    public List<StoredResult> results(Target target, Instant since, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at, state, state_type, attempt, output, long_output, "
                    + "perfdata FROM results WHERE host = ? AND service = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?")) {
                ps.setString(1, target.host());
                ps.setString(2, service(target));
                ps.setLong(3, since.toEpochMilli());
                ps.setInt(4, limit);
                List<StoredResult> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredResult(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getInt(4), rs.getString(5), rs.getString(6),
                                Json.read(rs.getString(7), new TypeReference<List<PerfValue>>() {})));
                    }
                }
                return out;
            }
        });
    }

    /** How many results of a stretch of time were OK, of how many: one bar of an uptime strip. */
    public record Availability(Instant from, long ok, long total) {}

    /**
     * {@code target}'s results since {@code since} in buckets of {@code bucket}, oldest first (buckets without
     * results are left out): what the OK share over a day, a week or a month is made of.
     */
    public List<Availability> availability(Target target, Instant since, java.time.Duration bucket) {
        return db.read(c -> {
            long start = since.toEpochMilli();
            long width = Math.max(1, bucket.toMillis());
            try (PreparedStatement ps = c.prepareStatement("SELECT (at - ?) / ? AS b, sum(state = 'OK'), count(*) FROM results "
                    + "WHERE host = ? AND service = ? AND at >= ? GROUP BY b ORDER BY b")) {
                ps.setLong(1, start);
                ps.setLong(2, width);
                ps.setString(3, target.host());
                ps.setString(4, service(target));
                ps.setLong(5, start);
                List<Availability> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Availability(Instant.ofEpochMilli(start + rs.getLong(1) * width), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The OK share of every host's results (its own check and its services') per bucket since {@code since}:
     * the compact strip on each row of the hosts page, in one pass over the time index for all hosts.
     */
    public Map<String, List<Availability>> availabilityByHost(Instant since, java.time.Duration bucket) {
        return db.read(c -> {
            long start = since.toEpochMilli();
            long width = Math.max(1, bucket.toMillis());
            try (PreparedStatement ps = c.prepareStatement("SELECT host, (at - ?) / ? AS b, sum(state IN ('OK', 'UP')), count(*) "
                    + "FROM results WHERE at >= ? GROUP BY host, b ORDER BY host, b")) {
                ps.setLong(1, start);
                ps.setLong(2, width);
                ps.setLong(3, start);
                Map<String, List<Availability>> out = new java.util.HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), h -> new ArrayList<>())
                                .add(new Availability(Instant.ofEpochMilli(start + rs.getLong(2) * width), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /** A stored event with its row id (for paging). */
    public record StoredEvent(long id, Event event) {}

    /** Events newest first, optionally only those of one host. */
    public List<StoredEvent> events(String host, Instant since, int limit) {
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

    /**
     * Stores events from any source (logs, integrity scans, metrics, tests) in one transaction; durable when this
     * returns, and the notification pipeline will read them.
     */
    public void append(List<Event> newEvents) {
        db.write(c -> {
            for (Event e : newEvents) {
                insertEvent(c, e);
            }
            return null;
        });
    }

    /** The distinct values of an event column that filters offer: {@code host} or {@code source}. */
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

    /** Who acknowledged an open problem that is not a check, and when. */
    public record ProblemAck(String author, String comment, Instant at) {}

    /** An open problem from a source other than checks: its latest event, and its acknowledgement if any. */
    public record OpenProblem(StoredEvent latest, Instant since, ProblemAck ack) {}

    /**
     * The problems other sources (logs, integrity, audit, metrics) have raised and not yet recovered: per
     * fingerprint, the newest event when it is a problem. Checks are left out: the engine's state is theirs.
     * An acknowledgement counts until the problem next recovers.
     */
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
                        StoredEvent latest = storedEvent(rs);
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

    /**
     * Acknowledges the open problem with {@code fingerprint}; false when there is none. Like a check's, the
     * acknowledgement is also an event ({@code acknowledged}, same fingerprint), stored in the same transaction,
     * so the notification pipeline reads it and stops escalating the problem.
     */
    public boolean acknowledgeProblem(String fingerprint, String author, String comment, Instant at) {
        Event problem = openProblems(fingerprint, 1).stream().map(p -> p.latest().event()).findFirst().orElse(null);
        if (problem == null) {
            return false;
        }
        Event ack = new Event(at, problem.host(), problem.source(), "acknowledged", dev.vigil.core.event.Severity.INFO,
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
            insertEvent(c, ack);
            return null;
        });
        return true;
    }

    /** Events with an id greater than {@code afterId}, oldest first: what the notification pipeline has not seen. */
    public List<StoredEvent> eventsAfter(long afterId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, host, source, kind, severity, title, details, "
                    + "fingerprint, evidence, suppression, tags FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                return readEvents(ps);
            }
        });
    }

    private static List<StoredEvent> readEvents(PreparedStatement ps) throws java.sql.SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(storedEvent(rs));
            }
        }
        return out;
    }

    /** The event in columns 1-12 of the current row (id, at, host, source, kind, severity, title, details, ...). */
    private static StoredEvent storedEvent(ResultSet rs) throws java.sql.SQLException {
        Event e = new Event(Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), dev.vigil.core.event.Severity.valueOf(rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getString(9),
                Json.read(rs.getString(10), new TypeReference<List<dev.vigil.core.event.EvidenceLink>>() {}),
                rs.getString(11), Json.read(rs.getString(12), new TypeReference<java.util.Map<String, String>>() {}));
        return new StoredEvent(rs.getLong(1), e);
    }

    /** Deletes results older than {@code before}; returns how many. Events are kept (they are few). */
    public int pruneResults(Instant before) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM results WHERE at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}

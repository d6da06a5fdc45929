package dev.vigil.store;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.engine.ResultHistory;
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
import com.fasterxml.jackson.core.type.TypeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The check engine's state, results, events and runtime downtimes in SQLite. */
public final class SqliteEngineStore implements EngineStore, ResultHistory {
    private static final Logger log = LoggerFactory.getLogger(SqliteEngineStore.class);

    private final Database db;
    private final SqliteEventLog events;

    public SqliteEngineStore(Database db, SqliteEventLog events) {
        this.events = events;
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
            saveStatus(c, status.target(), json);
            if (result != null) {
                insertResult(c, status.target(), null, at, status.state().name(), status.stateType().name(), status.attempt(), result);
            }
            for (Event e : events) {
                SqliteEventLog.insert(c, e);
            }
            return null;
        });
        if (!events.isEmpty()) {
            this.events.announce(); // state and events are one transaction; readers hear of them after it
        }
    }

    private static void saveStatus(java.sql.Connection c, Target target, String json) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO status (host, service, json) VALUES (?, ?, ?) "
                + "ON CONFLICT (host, service) DO UPDATE SET json = excluded.json")) {
            ps.setString(1, target.host());
            ps.setString(2, service(target));
            ps.setString(3, json);
            ps.executeUpdate();
        }
    }

    private static void insertResult(java.sql.Connection c, Target target, String location, Instant at, String state, String stateType,
                                     int attempt, CheckResult result) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (host, service, at, state, "
                + "state_type, attempt, output, long_output, perfdata, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, target.host());
            ps.setString(2, service(target));
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, state);
            ps.setString(5, stateType);
            ps.setInt(6, attempt);
            ps.setString(7, result.output());
            ps.setString(8, result.longOutput());
            ps.setString(9, Json.write(result.perfdata()));
            ps.setString(10, location);
            ps.executeUpdate();
        }
    }

    @Override
    public Map<Target, Map<String, Status>> loadPlaces() {
        return db.read(c -> {
            Map<Target, Map<String, Status>> out = new HashMap<>();
            try (var rs = c.createStatement().executeQuery("SELECT location, json FROM location_status")) {
                while (rs.next()) {
                    try {
                        Status s = Json.read(rs.getString(2), StoredStatus.class).toStatus();
                        out.computeIfAbsent(s.target(), t -> new HashMap<>()).put(rs.getString(1), s);
                    } catch (RuntimeException e) {
                        log.warn("ignoring an unreadable stored location status: {}", e.getMessage()); // that place starts again
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void recordAt(Target target, String location, Status place, CheckResult result, Instant at, Status status, List<Event> events) {
        String placeJson = place == null ? null : Json.write(StoredStatus.of(place));
        String statusJson = status == null ? null : Json.write(StoredStatus.of(status));
        db.write(c -> {
            insertResult(c, target, location, at, result.state().name(), place == null ? "LATE" : place.stateType().name(),
                    place == null ? 0 : place.attempt(), result);
            if (place != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO location_status (host, service, location, json) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (host, service, location) DO UPDATE SET json = excluded.json")) {
                    ps.setString(1, target.host());
                    ps.setString(2, service(target));
                    ps.setString(3, location);
                    ps.setString(4, placeJson);
                    ps.executeUpdate();
                }
            }
            if (status != null) {
                saveStatus(c, target, statusJson);
                insertResult(c, target, null, at, status.state().name(), status.stateType().name(), status.attempt(),
                        new CheckResult((dev.vigil.checks.ServiceState) status.state(), status.output(), status.longOutput(), List.of()));
            }
            for (Event e : events) {
                SqliteEventLog.insert(c, e);
            }
            return null;
        });
        if (!events.isEmpty()) {
            this.events.announce();
        }
    }

    private static String service(Target t) {
        return t.service() == null ? "" : t.service();
    }

    @Override
    public void forget(Target target) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM location_status WHERE host = ? AND service = ?")) {
                ps.setString(1, target.host());
                ps.setString(2, service(target));
                ps.executeUpdate();
            }
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
            try (PreparedStatement ps = c.prepareStatement(Database.upsert("downtimes", List.of("id"), List.of("id", "json")))) {
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

    @Override
    public List<StoredResult> results(Target target, Instant since, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at, state, state_type, attempt, output, long_output, "
                    + "perfdata, location FROM results WHERE host = ? AND service = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?")) {
                ps.setString(1, target.host());
                ps.setString(2, service(target));
                ps.setLong(3, since.toEpochMilli());
                ps.setInt(4, limit);
                List<StoredResult> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredResult(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getInt(4), rs.getString(5), rs.getString(6),
                                Json.read(rs.getString(7), new TypeReference<List<PerfValue>>() {}), rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Availability> availability(Target target, Instant since, Duration bucket) {
        return db.read(c -> {
            long start = since.toEpochMilli();
            long width = Math.max(1, bucket.toMillis());
            try (PreparedStatement ps = c.prepareStatement("SELECT (at - ?) / ? AS b, sum(CASE WHEN state = 'OK' THEN 1 ELSE 0 END), count(*) FROM results "
                    + "WHERE host = ? AND service = ? AND at >= ? AND location IS NULL GROUP BY b ORDER BY b")) {
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

    @Override
    public Map<String, List<Availability>> availabilityByHost(Instant since, Duration bucket) {
        return db.read(c -> {
            long start = since.toEpochMilli();
            long width = Math.max(1, bucket.toMillis());
            try (PreparedStatement ps = c.prepareStatement("SELECT host, (at - ?) / ? AS b, sum(CASE WHEN state IN ('OK', 'UP') THEN 1 ELSE 0 END), count(*) "
                    + "FROM results WHERE at >= ? AND location IS NULL GROUP BY host, b ORDER BY host, b")) {
                ps.setLong(1, start);
                ps.setLong(2, width);
                ps.setLong(3, start);
                Map<String, List<Availability>> out = new HashMap<>();
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

    /** Events are kept (they are few). */
    @Override
    public int pruneResults(Instant before) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM results WHERE at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}

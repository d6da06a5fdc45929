package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.apm.Span;
import dev.vigil.apm.TraceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Kept application traces in SQLite, their spans as JSON. */
public final class SqliteTraceStore implements TraceStore {
    /** Integer attributes come back as the longs OTLP made them, not as ints. */
    private static final com.fasterxml.jackson.databind.ObjectReader SPANS = Json.MAPPER.readerFor(new TypeReference<List<Span>>() {})
            .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS);
    private final Database db;

    public SqliteTraceStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(List<Trace> traces) {
        List<String[]> rows = traces.stream().map(t -> new String[] {
                " " + String.join(" ", new TreeSet<>(t.spans().stream().map(s -> s.service().replace(' ', '_')).toList())) + " ",
                Json.write(t.spans())}).toList();
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(Database.upsert("traces", List.of("trace_id"),
                    List.of("trace_id", "service", "name", "start", "duration_ms", "error", "kept", "services", "spans")))) {
                for (int i = 0; i < traces.size(); i++) {
                    Trace t = traces.get(i);
                    s.setString(1, t.traceId());
                    s.setString(2, t.service());
                    s.setString(3, t.name());
                    s.setLong(4, t.start().toEpochMilli());
                    s.setDouble(5, t.durationMs());
                    s.setInt(6, t.error() ? 1 : 0);
                    s.setString(7, t.kept());
                    s.setString(8, rows.get(i)[0]);
                    s.setString(9, rows.get(i)[1]);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Trace> find(Query q) {
        StringBuilder sql = new StringBuilder("SELECT trace_id, service, name, start, duration_ms, error, kept FROM traces WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.service() != null) {
            sql.append(" AND services LIKE ? ESCAPE '\\'");
            args.add("% " + q.service().replace(' ', '_').replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %");
        }
        if (q.minDurationMs() != null) {
            sql.append(" AND duration_ms >= ?");
            args.add(q.minDurationMs());
        }
        if (q.error() != null) {
            sql.append(" AND error = ?");
            args.add(q.error() ? 1 : 0);
        }
        if (q.from() != null) {
            sql.append(" AND start >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND start < ?");
            args.add(q.to().toEpochMilli());
        }
        sql.append(" ORDER BY start DESC LIMIT ?");
        args.add(q.limit());
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                List<Trace> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(trace(r, List.of()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Trace> get(String traceId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT trace_id, service, name, start, duration_ms, error, kept, spans "
                    + "FROM traces WHERE trace_id = ?")) {
                s.setString(1, traceId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(trace(r, spans(r.getString(8)))) : Optional.empty();
                }
            }
        });
    }

    private static List<Span> spans(String json) {
        try {
            return SPANS.readValue(json);
        } catch (java.io.IOException e) {
            throw new dev.vigil.core.StoreException("a kept trace's spans are unreadable: " + e.getMessage(), e);
        }
    }

    private static Trace trace(ResultSet r, List<Span> spans) throws SQLException {
        return new Trace(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)), r.getDouble(5),
                r.getInt(6) == 1, r.getString(7), spans);
    }

    @Override
    public int prune(Instant before, int max) {
        return db.write(c -> {
            int gone;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM traces WHERE start < ?")) {
                s.setLong(1, before.toEpochMilli());
                gone = s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM traces "
                    + "ORDER BY start DESC " + db.noLimit() + " OFFSET ?)")) {
                s.setInt(1, max);
                gone += s.executeUpdate();
            }
            return gone;
        });
    }
}

package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.metrics.SnapshotStore;
import dev.vigil.metrics.collect.TopProcesses;
import java.util.List;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Top-process snapshots in SQLite, so "who made that spike" still has an answer after a restart and for as
 * long as the pattern finder looks back (five weeks); the collector keeps the last week in memory too.
 */
public final class ProcessSnapshots implements SnapshotStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Database db;

    public ProcessSnapshots(Database db) {
        this.db = db;
    }

    @Override
    public void save(String host, TopProcesses.Snapshot s) {
        String json;
        try {
            json = JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot is plain data", e);
        }
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(Database.upsert("process_snapshots", List.of("host", "at"), List.of("host", "at", "json")))) {
                p.setString(1, host);
                p.setLong(2, s.at().toEpochMilli());
                p.setString(3, json);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** The snapshot of the window containing {@code at} (the first taken at or after it, within an hour). */
    @Override
    public Optional<TopProcesses.Snapshot> at(String host, Instant at) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT json FROM process_snapshots WHERE host = ? AND at >= ? AND at <= ?"
                    + " ORDER BY at LIMIT 1")) {
                p.setString(1, host);
                p.setLong(2, at.toEpochMilli());
                p.setLong(3, at.plus(Duration.ofHours(1)).toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(JSON.readValue(r.getString(1), TopProcesses.Snapshot.class));
                    } catch (JsonProcessingException e) {
                        return Optional.empty();
                    }
                }
            }
        });
    }

    @Override
    public void prune(Instant before) {
        pruneCounting(before);
    }

    /** Deletes snapshots older than {@code before}; returns how many. */
    public int pruneCounting(Instant before) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM process_snapshots WHERE at < ?")) {
                p.setLong(1, before.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }
}

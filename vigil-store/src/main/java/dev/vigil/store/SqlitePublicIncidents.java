package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.publish.PublicIncidents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Public incidents and their updates in SQLite. */
public final class SqlitePublicIncidents implements PublicIncidents {
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private final Database db;

    public SqlitePublicIncidents(Database db) {
        this.db = db;
    }

    @Override
    public Incident open(String page, String name, String impact, List<String> components, Update first) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO public_incidents (id, page, name, impact, components, created) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, page);
                s.setString(3, name);
                s.setString(4, impact);
                s.setString(5, Json.write(components));
                s.setLong(6, first.at().toEpochMilli());
                s.executeUpdate();
            }
            insert(c, id, first);
            return null;
        });
        return incident(id).orElseThrow();
    }

    @Override
    public Optional<Incident> update(String id, Update update) {
        boolean found = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM public_incidents WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                }
            }
            insert(c, id, update);
            return true;
        });
        return found ? incident(id) : Optional.empty();
    }

    private static void insert(Connection c, String id, Update u) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO public_incident_updates (incident, status, body, at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, u.status());
            s.setString(3, u.body());
            s.setLong(4, u.at().toEpochMilli());
            s.executeUpdate();
        }
    }

    @Override
    public List<Incident> incidents(String page, Instant since) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM public_incidents WHERE page = ? AND created >= ? ORDER BY created DESC")) {
                s.setString(1, page);
                s.setLong(2, since.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                    }
                }
            }
            List<Incident> out = new ArrayList<>();
            for (String id : ids) {
                read(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public Optional<Incident> incident(String id) {
        return db.read(c -> read(c, id));
    }

    private static Optional<Incident> read(Connection c, String id) throws SQLException {
        String page;
        String name;
        String impact;
        List<String> components;
        Instant created;
        try (PreparedStatement s = c.prepareStatement("SELECT page, name, impact, components, created FROM public_incidents WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                page = r.getString(1);
                name = r.getString(2);
                impact = r.getString(3);
                components = Json.read(r.getString(4), NAMES);
                created = Instant.ofEpochMilli(r.getLong(5));
            }
        }
        List<Update> updates = new ArrayList<>();
        // Newest first; an update at the same millisecond as another keeps the order it was written in.
        try (PreparedStatement s = c.prepareStatement("SELECT status, body, at FROM public_incident_updates WHERE incident = ? ORDER BY at DESC, rowid DESC")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    updates.add(new Update(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
                }
            }
        }
        return Optional.of(new Incident(id, page, name, impact, List.copyOf(components), created, List.copyOf(updates)));
    }
}

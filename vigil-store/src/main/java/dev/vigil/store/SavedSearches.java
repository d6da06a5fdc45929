package dev.vigil.store;

import dev.vigil.logs.SavedSearchStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Log searches saved from the dashboard (name, query, and an optional alert threshold over a window). */
public final class SavedSearches implements SavedSearchStore {

    private final Database db;
    private final InstantSource clock;

    public SavedSearches(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<Saved> list() {
        return db.read(c -> {
            List<Saved> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, query, threshold, window_s, created_by FROM saved_searches ORDER BY name");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Saved(r.getString(1), r.getString(2), r.getLong(3), Duration.ofSeconds(r.getLong(4)), r.getString(5)));
                }
            }
            return out;
        });
    }

    /** Saves (or replaces, by name) a search. */
    @Override
    public void save(Saved s) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(Database.upsert("saved_searches", List.of("name"),
                    List.of("name", "query", "threshold", "window_s", "created_by", "created")))) {
                p.setString(1, s.name());
                p.setString(2, s.query());
                p.setLong(3, s.threshold());
                p.setLong(4, s.window().toSeconds());
                p.setString(5, s.createdBy());
                p.setLong(6, clock.instant().toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean delete(String name) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM saved_searches WHERE name = ?")) {
                p.setString(1, name);
                return p.executeUpdate() > 0;
            }
        });
    }
}

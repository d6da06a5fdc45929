package dev.vigil.logs;

import java.time.Duration;
import java.util.List;

/** Where the searches saved from the dashboard are kept; those with a threshold alert like configured ones. */
public interface SavedSearchStore {
    /** A saved search; {@code threshold} 0 means it does not alert. */
    record Saved(String name, String query, long threshold, Duration window, String createdBy) {}

    List<Saved> list();

    /** Saves (or replaces, by name) a search. */
    void save(Saved search);

    /** Deletes a search by name; false when there was none. */
    boolean delete(String name);
}

package dev.vigil.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Saved searches in memory: for tests and tools that keep nothing. */
public final class InMemorySavedSearchStore implements SavedSearchStore {
    private final Map<String, Saved> byName = new TreeMap<>();

    @Override
    public synchronized List<Saved> list() {
        return new ArrayList<>(byName.values());
    }

    @Override
    public synchronized void save(Saved search) {
        byName.put(search.name(), search);
    }

    @Override
    public synchronized boolean delete(String name) {
        return byName.remove(name) != null;
    }
}

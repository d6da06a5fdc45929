package dev.vigil.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors while a whole configuration is read, so the user sees all of them at once. */
public final class ConfigErrors {
    private final List<ConfigError> errors = new ArrayList<>();

    public void add(Location at, String message) {
        errors.add(new ConfigError(at, message));
    }

    public void add(ConfigNode at, String message) {
        add(at.location(), message);
    }

    public void addAll(List<ConfigError> more) {
        errors.addAll(more);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<ConfigError> list() {
        return List.copyOf(errors);
    }

    /**
     * The errors without repeats (a template used by many services reports each of its errors once),
     * grouped by file in the order files were read, by line within a file: the order an editor walks them.
     */
    public List<ConfigError> sorted() {
        List<String> files = errors.stream().map(e -> e.location().file()).distinct().toList();
        return errors.stream().distinct()
                .sorted(Comparator.comparingInt((ConfigError e) -> files.indexOf(e.location().file()))
                        .thenComparingInt(e -> e.location().line()))
                .toList();
    }

    public void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted());
        }
    }
}

package dev.vigil.core.config;

/** Where a configuration value came from, printed as {@code FILE:LINE} like a compiler does. */
public record Location(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}

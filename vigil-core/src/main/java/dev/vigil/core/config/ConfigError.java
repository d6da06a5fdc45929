package dev.vigil.core.config;

/** One problem in a configuration file, with the place to fix it. */
public record ConfigError(Location location, String message) {
    @Override
    public String toString() {
        return location + ": " + message;
    }
}

package dev.vigil.threats.triage;

import dev.vigil.core.event.Severity;
import java.util.Locale;

/** How bad a finding is, as triage pages rate it; the id is what is stored, shown and configured. */
public enum Level {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level with this id ("high"), or an error naming the known ones. */
    public static Level of(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + id + "'; expected low, medium, high or critical");
        }
    }

    /** The event severity a finding of this level raises: high and critical page someone, medium warns. */
    public Severity severity() {
        return switch (this) {
            case CRITICAL, HIGH -> Severity.CRITICAL;
            case MEDIUM -> Severity.WARNING;
            case LOW -> Severity.INFO;
        };
    }
}

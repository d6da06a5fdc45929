package dev.vigil.incidents;

import java.util.Locale;

/** Where an incident is: open, acknowledged (someone has it), resolved (every part recovered, or closed by hand). */
public enum IncidentState {
    OPEN, ACKNOWLEDGED, RESOLVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean active() {
        return this != RESOLVED;
    }
}

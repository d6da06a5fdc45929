package dev.vigil.incidents;

import dev.vigil.core.event.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Events from any source that belong together: one problem on a host with what went with it, or a security
 * chain (credentials leaked, then a login or a file change where they work).
 *
 * @param host the host it is about, or null (a leak on a paste site is about no host until a login ties it to one)
 * @param earliest the event id of its earliest signal: the first thing that went wrong, usually the cause
 * @param events how many events it holds
 * @param follows the incident it continues (the same host's problem back soon after it was resolved), or 0
 * @param note who acknowledged or resolved it by hand, and why (empty when nobody did)
 */
public record Incident(long id, String title, Severity severity, IncidentState state, Kind kind, String host, Instant opened,
                       Instant updated, Instant resolved, long earliest, int events, long follows, String note) {

    /** What brought its events together. */
    public enum Kind {
        /** The same host (or problem) within the grouping window. */
        GROUPED,
        /** A credential leak and what followed it where the credentials work. */
        SECURITY,
        /** Problems that keep coming back in the window of a recurring pattern (the 502s during the Thursday backup). */
        RECURRING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Incident {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(kind, "kind");
        note = note == null ? "" : note;
    }

    public Incident withId(long newId) {
        return new Incident(newId, title, severity, state, kind, host, opened, updated, resolved, earliest, events, follows, note);
    }

    public Incident with(String newTitle, Severity newSeverity, IncidentState newState, Kind newKind, String newHost, Instant newUpdated,
                         Instant newResolved, int newEvents, String newNote) {
        return new Incident(id, newTitle, newSeverity, newState, newKind, newHost, opened, newUpdated, newResolved, earliest, newEvents,
                follows, newNote);
    }
}

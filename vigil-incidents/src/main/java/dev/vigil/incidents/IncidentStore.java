package dev.vigil.incidents;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents and their events are kept (SQLite in Vigil), with how far the event log has been read: an
 * event is attached and the cursor moved together, so a restart neither loses nor doubles an event.
 */
public interface IncidentStore {

    /** Stores a new incident (id 0) and answers it with its id. */
    Incident open(Incident draft);

    /** Replaces an incident's fields (same id). */
    void update(Incident incident);

    /** Adds an event to an incident and moves the cursor to it, in one write. */
    void attach(long incident, Member member);

    /** Moves the cursor past an event that belongs to no incident. */
    void skip(long event);

    /** An event attached to an incident. */
    record Attached(long incident, Member member) {}

    /**
     * What the correlator decided for a run of events, in one write: the incidents' latest fields, the events
     * attached, and the cursor moved past them all (the run is kept whole or not at all).
     */
    default void commit(Collection<Incident> updated, List<Attached> attached, long cursor) {
        updated.forEach(this::update);
        attached.forEach(a -> attach(a.incident(), a.member()));
        skip(cursor);
    }

    /** The last event id read. */
    long cursor();

    Optional<Incident> get(long id);

    /** Incidents, newest first; {@code state} null for all. */
    List<Incident> list(IncidentState state, int limit);

    /** The open and acknowledged incidents. */
    List<Incident> active();

    /** An incident's events in time order. */
    List<Member> members(long incident);

    /** The incident an event belongs to, if any. */
    Optional<Long> incidentOf(long event);

    /** The problems (WARNING and worse) attached since {@code since}: the newest {@code limit}, oldest first. */
    List<Attached> problemsSince(Instant since, int limit);

    /** The incident holding an event of {@code source} about {@code host} at exactly {@code at} (a log line's alert), if any. */
    Optional<Long> incidentAt(String source, String host, Instant at);
}

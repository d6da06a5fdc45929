package dev.vigil.core.event;

import java.time.Instant;
import java.util.List;

/**
 * The one log every event goes through: checks, logs, integrity, audit and metrics append to it, and the
 * notification pipeline reads it from where it left off. Appending is durable when it returns (what Vigil
 * acknowledged it never loses); then subscribers are woken, so a reader never waits for its next poll.
 */
public interface EventLog {

    /** An event with its position in the log: positions grow with every append. */
    record Logged(long id, Event event) {}

    /** Stores the events in one transaction, then wakes the subscribers. */
    void append(List<Event> events);

    /** Events after position {@code id}, oldest first: what a reader has not seen yet. */
    List<Logged> after(long id, int limit);

    /** The newest events since {@code since}, newest first, of one host or of all when {@code host} is null. */
    List<Logged> newest(String host, Instant since, int limit);

    /** Runs {@code wake} after every append (on the appending thread: it must only signal, never work). */
    void subscribe(Runnable wake);
}

package dev.vigil.incidents;

import dev.vigil.core.event.EventLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.incidents.correlate.Correlator;
import dev.vigil.incidents.report.PostMortem;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents, running: reads the event log from where it left off (woken by every append, and every few
 * seconds as a safety net), puts each event into its incident ({@link Correlator}), and answers the API and the
 * dashboard. What it has read is recorded with what it attached, so a restart neither loses nor doubles.
 */
public final class Incidents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    private static final int BATCH = 500;

    private final Scheduler scheduler;
    private final EventLog events;
    private final IncidentStore store;
    private final Correlator correlator;
    private final Object reading = new Object();
    private boolean pullScheduled;
    private Scheduler.Scheduled poll;

    public Incidents(Scheduler scheduler, EventLog events, IncidentStore store, Correlator.Windows windows) {
        this.scheduler = scheduler;
        this.events = events;
        this.store = store;
        this.correlator = new Correlator(store, windows);
    }

    /** Starts reading; events appended from now on are grouped within moments. */
    public synchronized void start() {
        events.subscribe(this::wake);
        poll = scheduler.every(Duration.ofSeconds(5), Duration.ofSeconds(5), this::wake);
        wake();
    }

    public void windows(Correlator.Windows next) {
        correlator.windows(next);
    }

    private synchronized void wake() {
        if (!pullScheduled) {
            pullScheduled = true;
            scheduler.schedule(scheduler.clock().instant(), this::pull);
        }
    }

    /** Reads every event not read yet, now, on this thread (the scheduler's, or a test's); one reader at a time. */
    public void pull() {
        synchronized (this) {
            pullScheduled = false;
        }
        synchronized (reading) {
            read();
        }
    }

    private void read() {
        try {
            while (true) {
                List<EventLog.Logged> batch = events.after(store.cursor(), BATCH);
                for (EventLog.Logged l : batch) {
                    correlator.accept(l.id(), l.event());
                }
                if (!batch.isEmpty()) {
                    store.skip(batch.getLast().id()); // past the events that joined nothing, in one write per batch
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // The events stay in the log; the next wake reads them again.
            log.error("incidents could not read events: {}", e.getMessage());
        }
    }

    /** Incidents, newest first; {@code state} null for all. */
    public List<Incident> list(IncidentState state, int limit) {
        return store.list(state, limit);
    }

    public Optional<Incident> get(long id) {
        return store.get(id);
    }

    /** An incident's events in time order. */
    public List<Member> members(long id) {
        return store.members(id);
    }

    /** The incident an event belongs to (the events page links each event to it). */
    public Optional<Long> incidentOf(long event) {
        return store.incidentOf(event);
    }

    public Incident acknowledge(long id, String who, String comment) {
        return correlator.set(id, IncidentState.ACKNOWLEDGED, note("acknowledged", who, comment), scheduler.clock().instant());
    }

    public Incident resolve(long id, String who, String comment) {
        return correlator.set(id, IncidentState.RESOLVED, note("resolved", who, comment), scheduler.clock().instant());
    }

    private static String note(String what, String who, String comment) {
        return what + " by " + who + (comment == null || comment.isBlank() ? "" : ": " + comment);
    }

    /** The incident's timeline as Markdown, for the post-mortem. */
    public String report(long id) {
        Incident i = store.get(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
        return PostMortem.markdown(i, store.members(id));
    }

    @Override
    public synchronized void close() {
        if (poll != null) {
            poll.cancel();
        }
    }
}

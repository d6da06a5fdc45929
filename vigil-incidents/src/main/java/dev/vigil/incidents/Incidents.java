package dev.vigil.incidents;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.incidents.correlate.Correlator;
import dev.vigil.incidents.report.PostMortem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents, running: reads the event log from where it left off (woken by every append, and every five
 * minutes as a safety net), puts each event into its incident ({@link Correlator}), and answers the API and the
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
    /** Recent events' incidents (event id → incident id), so notifications learn an event's incident without a query. */
    private final java.util.LinkedHashMap<Long, Long> recent = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Long> eldest) {
            if (size() > RECENT) {
                coveredFrom = Math.max(coveredFrom, eldest.getKey() + 1);
                return true;
            }
            return false;
        }
    };
    private static final int RECENT = 50_000;
    /** Events from this id on were read by this process: one missing from {@link #recent} belongs to no incident. */
    private long coveredFrom = Long.MAX_VALUE;
    private volatile long readUpTo;
    /** Events handed in by {@link #incidentFor} whose changes are not written yet (guarded by {@code reading}). */
    private int unflushed;
    private boolean pullScheduled;
    /** Closed: events are no longer read here (at shutdown, or another server correlates now). */
    private boolean closed;
    private Scheduler.Scheduled poll;

    public Incidents(Scheduler scheduler, EventLog events, IncidentStore store, Correlator.Windows windows) {
        this.scheduler = scheduler;
        this.events = events;
        this.store = store;
        this.correlator = new Correlator(store, windows);
        correlator.recall(scheduler.clock().instant());
    }

    /** Starts reading; events appended from now on are grouped within moments. */
    public synchronized void start() {
        events.subscribe(this::wake);
        // Every append wakes the reader; the poll is the safety net for an append whose wake was lost.
        poll = scheduler.every(Duration.ofMinutes(5), Duration.ofMinutes(5), this::wake);
        wake();
    }

    public void windows(Correlator.Windows next) {
        correlator.windows(next);
    }

    /** Hosts whose problems belong together ({@code depends_on} between their services), both ways. */
    public void relate(java.util.Map<String, java.util.Set<String>> hosts) {
        correlator.relate(hosts);
    }

    private synchronized void wake() {
        if (!pullScheduled && !closed) {
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
            // This process is the cursor's only writer: after the first read, memory has it.
            long cursor = readUpTo > 0 ? readUpTo : store.cursor();
            synchronized (recent) {
                coveredFrom = Math.min(coveredFrom, cursor + 1);
            }
            while (true) {
                List<EventLog.Logged> batch = events.after(cursor, BATCH);
                for (EventLog.Logged l : batch) {
                    correlate(l.id(), l.event());
                }
                if (!batch.isEmpty()) {
                    cursor = batch.getLast().id();
                    correlator.flush(cursor); // the batch's changes and the cursor past it, in one write
                    readUpTo = cursor;
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
            if (unflushed > 0) {
                correlator.flush(readUpTo); // events handed in by the notification pipeline since the last write
                unflushed = 0;
            }
        } catch (RuntimeException e) {
            // The events stay in the log; the next wake reads them again.
            log.error("incidents could not read events: {}", e.getMessage());
        }
    }

    /** Puts one event into its incident and remembers which, for the pipeline and the pages. */
    private void correlate(long id, Event event) {
        correlator.accept(id, event).ifPresent(i -> {
            synchronized (recent) {
                recent.put(id, i.id());
            }
        });
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

    /**
     * The incident of the event at {@code id}, grouping what is not read yet first: the notification pipeline asks
     * this for each event it routes (in the log's order), so a message goes per incident.
     */
    public Optional<Long> incidentFor(long id, Event event) {
        if (readUpTo < id) {
            synchronized (reading) {
                if (readUpTo > 0 && id == readUpTo + 1) {
                    // The next event, handed in by the pipeline that just read it: no second read of the log. Its
                    // changes are written with the next batch (a crash before then re-reads it from the log).
                    correlate(id, event);
                    readUpTo = id;
                    if (++unflushed >= BATCH) {
                        correlator.flush(id);
                        unflushed = 0;
                    }
                } else if (readUpTo < id) {
                    read();
                }
            }
        }
        return incidentOf(id);
    }

    /**
     * The incident an event belongs to (the events page and API link each event to it): recent events from memory,
     * older ones from the store.
     */
    public Optional<Long> incidentOf(long event) {
        synchronized (recent) {
            Long incident = recent.get(event);
            if (incident != null || event >= coveredFrom && event <= readUpTo) {
                return Optional.ofNullable(incident);
            }
        }
        return store.incidentOf(event);
    }

    /** The incident of a log line's alert (the line at {@code at} on {@code host}), if it raised one that joined one. */
    public Optional<Long> incidentOfLine(String host, Instant at) {
        return store.incidentAt("logs", host, at);
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
        closed = true;
        if (poll != null) {
            poll.cancel();
        }
    }
}

package dev.vigil.notify.report;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.notify.Notification;
import dev.vigil.notify.config.ReportSchedule;
import dev.vigil.notify.pipeline.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the routine digest e-mails of the {@code reports:} config on their cron schedule, each covering the
 * time since the report's previous scheduled run. A report goes through the outbox like every other message,
 * so a failed send is retried with the dispatcher's backoff and shows in the delivery history.
 */
public final class Reports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reports.class);
    /** How far back to look for problems still open when a report's window starts. */
    private static final Duration LOOKBACK = Duration.ofDays(62);
    private static final int MOST_EVENTS = 200_000;

    /** What is monitored, from the capability that knows (the check engine): the report's denominators. */
    public interface Inventory {
        /** Every monitored object: "host" and "host/service". */
        List<String> objects();

        /** A line per problem open now, e.g. "web on shop is CRITICAL: HTTP 502". */
        List<String> stillOpen();
    }

    private final Scheduler scheduler;
    private final EventLog events;
    private final Pipeline pipeline;
    private final Inventory inventory;
    private final List<Scheduler.Scheduled> timers = new ArrayList<>();

    public Reports(Scheduler scheduler, EventLog events, Pipeline pipeline, Inventory inventory) {
        this.scheduler = scheduler;
        this.events = events;
        this.pipeline = pipeline;
        this.inventory = inventory;
    }

    /** (Re)schedules every configured report: after start and after each reload. */
    public synchronized void start() {
        close();
        pipeline.plan().reports().forEach(this::scheduleNext);
    }

    private synchronized void scheduleNext(ReportSchedule r) {
        r.next(scheduler.clock().instant()).ifPresent(at -> timers.add(scheduler.schedule(at, () -> {
            try {
                send(r, at);
            } catch (RuntimeException e) {
                log.warn("report {} could not be queued: {}", r.name(), e.getMessage());
            } finally {
                scheduleNext(r);
            }
        })));
    }

    /** Sends the named report now, covering the time since its last scheduled run. */
    public Digest sendNow(String name) {
        ReportSchedule r = pipeline.plan().reports().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown report '" + name + "'"));
        return send(r, scheduler.clock().instant());
    }

    private Digest send(ReportSchedule r, Instant at) {
        Instant from = r.previous(at.minusSeconds(1)).orElse(at.minus(Duration.ofDays(1)));
        Digest digest = compute(r.name(), from, at);
        var document = new Notification.Document(DigestText.subject(digest), DigestText.text(digest, r.zone()),
                DigestText.html(digest, r.zone()));
        try {
            if (pipeline.send(r.receiver(), document, "report|" + r.name() + "|" + at).isEmpty()) {
                log.warn("report {}: receiver {} has no e-mail channel", r.name(), r.receiver());
            }
        } catch (NoSuchElementException e) {
            log.warn("report {}: receiver {} is not configured", r.name(), r.receiver());
        }
        return digest;
    }

    Digest compute(String name, Instant from, Instant to) {
        List<Event> window = new ArrayList<>(events.newest(null, from.minus(LOOKBACK), MOST_EVENTS).stream()
                .map(EventLog.Logged::event).filter(e -> !e.when().isAfter(to)).toList());
        window.sort(Comparator.comparing(Event::when));
        return Digest.compute(name, from, to, window, inventory.objects(), inventory.stillOpen());
    }

    /** Stops the schedule; reports already queued are still delivered. */
    @Override
    public synchronized void close() {
        timers.forEach(Scheduler.Scheduled::cancel);
        timers.clear();
    }
}

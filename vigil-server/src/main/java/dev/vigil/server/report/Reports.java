package dev.vigil.server.report;

import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import dev.vigil.core.time.Scheduler;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.channel.email.EmailChannel;
import dev.vigil.notify.config.Receiver;
import dev.vigil.notify.report.Digest;
import dev.vigil.notify.report.DigestText;
import dev.vigil.notify.report.ReportSchedule;
import dev.vigil.server.Vigil;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the routine digest e-mails of the {@code reports:} config on their cron schedule, each covering the
 * time since the report's previous scheduled run. A failed send is retried three times, a minute apart.
 */
public final class Reports {
    private static final Logger log = LoggerFactory.getLogger(Reports.class);
    /** How far back to look for problems still open when a report's window starts. */
    private static final Duration LOOKBACK = Duration.ofDays(62);

    private final Vigil vigil;
    private final Scheduler scheduler;
    private final List<Scheduler.Scheduled> timers = new ArrayList<>();

    public Reports(Vigil vigil) {
        this.vigil = vigil;
        this.scheduler = vigil.scheduler();
    }

    /** (Re)schedules every configured report. */
    public synchronized void start() {
        timers.forEach(Scheduler.Scheduled::cancel);
        timers.clear();
        for (ReportSchedule r : vigil.notifications().plan().reports()) {
            scheduleNext(r);
        }
    }

    private synchronized void scheduleNext(ReportSchedule r) {
        r.next(scheduler.clock().instant()).ifPresent(at -> timers.add(scheduler.schedule(at, () -> {
            try {
                send(r, at, 0);
            } finally {
                scheduleNext(r);
            }
        })));
    }

    /** Sends the named report now, covering the time since its last scheduled run. */
    public Digest sendNow(String name) {
        ReportSchedule r = vigil.notifications().plan().reports().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown report '" + name + "'"));
        return send(r, scheduler.clock().instant(), 2);
    }

    private Digest send(ReportSchedule r, Instant at, int attempt) {
        Instant from = r.previous(at.minusSeconds(1)).orElse(at.minus(Duration.ofDays(1)));
        Digest digest = compute(r.name(), from, at);
        Receiver receiver = vigil.notifications().plan().receivers().get(r.receiver());
        if (receiver == null) {
            log.warn("report {}: receiver {} is not configured", r.name(), r.receiver());
            return digest;
        }
        for (var channel : receiver.channels()) {
            if (channel instanceof EmailChannel email) {
                Delivery d = email.send(DigestText.subject(digest), DigestText.text(digest, r.zone()),
                        DigestText.html(digest, r.zone()), Date.from(at), "report|" + r.name() + "|" + at);
                if (d instanceof Delivery.RetryLater retry) {
                    log.warn("report {} to {} failed (attempt {}): {}", r.name(), r.receiver(), attempt + 1, retry.reason());
                    if (attempt < 3) {
                        scheduler.schedule(scheduler.clock().instant().plus(Duration.ofMinutes(1)), () -> send(r, at, attempt + 1));
                    }
                } else if (d instanceof Delivery.Failed failed) {
                    log.warn("report {} to {} refused: {}", r.name(), r.receiver(), failed.reason());
                }
            }
        }
        return digest;
    }

    Digest compute(String name, Instant from, Instant to) {
        List<Event> events = new ArrayList<>(vigil.events().newest(null, from.minus(LOOKBACK), 200_000).stream()
                .map(e -> e.event()).filter(e -> !e.when().isAfter(to)).toList());
        events.sort(Comparator.comparing(Event::when));
        List<String> objects = new ArrayList<>();
        vigil.engine().plan().hosts().keySet().forEach(objects::add);
        for (ServiceDefinition d : vigil.engine().plan().services().values()) {
            objects.add(d.host() + "/" + d.name());
        }
        List<String> open = vigil.engine().statuses().stream().filter(Status::isHardProblem)
                .map(s -> (s.target().isHost() ? "host " + s.target().host() : s.target().service() + " on " + s.target().host())
                        + " is " + s.state().name() + ": " + s.output())
                .toList();
        return Digest.compute(name, from, to, events, objects, open);
    }
}

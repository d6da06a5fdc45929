package dev.vigil.threats.source;

import dev.vigil.threats.triage.Document;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.text.Secrets;
import dev.vigil.core.time.Scheduler;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.WatchList;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source running: every {@code interval} on a worker, one run at a time, its resume point read from and
 * saved to the store. A failing service is backed off from (the interval doubled per failure, up to a day,
 * or as long as the service asked with {@code Retry-After}); the failure is shown, never fatal.
 */
public final class SourceRun {
    private static final Logger log = LoggerFactory.getLogger(SourceRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofDays(1);

    private final SourcePlan plan;
    private final Source source;
    private final Web web;
    private final Scheduler scheduler;
    private final Executor workers;
    private final ThreatStore store;
    private final Supplier<WatchList> watch;
    private final Predicate<Document> sink;
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong findings = new AtomicLong();
    private volatile Instant lastRun;
    private volatile Instant nextRun;
    private volatile String lastError = "";
    private volatile boolean stopped;
    private volatile Scheduler.Scheduled pending;
    private final Object timer = new Object();
    private int failures;

    /** @param sink judges and stores a document; true when it made a new finding */
    public SourceRun(SourcePlan plan, Source source, Web web, Scheduler scheduler, Executor workers, ThreatStore store,
                     Supplier<WatchList> watch, Predicate<Document> sink) {
        this.plan = plan;
        this.source = source;
        this.web = web;
        this.scheduler = scheduler;
        this.workers = workers;
        this.store = store;
        this.watch = watch;
        this.sink = sink;
    }

    public SourcePlan plan() {
        return plan;
    }

    /** Starts: the first run after {@code first}. */
    public void start(Duration first) {
        schedule(scheduler.clock().instant().plus(first));
    }

    private void schedule(Instant at) {
        synchronized (timer) {
            if (stopped) {
                return;
            }
            nextRun = at;
            pending = scheduler.schedule(at, () -> {
                try {
                    workers.execute(this::runAndReschedule);
                } catch (RejectedExecutionException e) {
                    stopped = true; // shutting down
                }
            });
        }
    }

    private void runAndReschedule() {
        if (stopped) {
            return;
        }
        Duration wait = runOnce();
        schedule(scheduler.clock().instant().plus(wait));
    }

    /** One run now, on this thread (one at a time); answers how long until the next. */
    public synchronized Duration runOnce() {
        Instant now = scheduler.clock().instant();
        lastRun = now;
        ObjectNode resume = store.resume(plan.name()).map(SourceRun::parse).orElseGet(JSON::createObjectNode);
        Pull pull = new Pull(web, watch.get(), resume, d -> {
            documents.incrementAndGet();
            if (sink.test(d)) {
                findings.incrementAndGet();
            }
        }, () -> store.resume(plan.name(), resume.toString()), now);
        try {
            source.poll(pull);
            store.resume(plan.name(), resume.toString());
            failures = 0;
            lastError = "";
            return plan.interval();
        } catch (Web.Busy busy) {
            store.resume(plan.name(), resume.toString());
            lastError = busy.getMessage() + "; next try in " + busy.retryAfter().toSeconds() + " s";
            return busy.retryAfter().compareTo(plan.interval()) > 0 ? busy.retryAfter() : plan.interval();
        } catch (IOException | RuntimeException e) {
            store.resume(plan.name(), resume.toString());
            failures = Math.min(failures + 1, 20);
            lastError = Secrets.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            log.warn("threat source {} failed: {}", plan.name(), lastError);
            Duration backoff = plan.interval().multipliedBy(1L << Math.min(failures, 12));
            return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return plan.interval();
        }
    }

    private static ObjectNode parse(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException | ClassCastException e) {
            return JSON.createObjectNode(); // a damaged resume point costs a re-read, deduplicated by content
        }
    }

    public SourceStatus status() {
        return new SourceStatus(plan.name(), plan.type(), plan.shownUrl(), plan.interval(), lastRun, stopped ? null : nextRun,
                documents.get(), findings.get(), lastError);
    }

    /** Stops scheduling; a run under way finishes (its results are stored as they come). */
    public void stop() {
        synchronized (timer) {
            stopped = true;
            if (pending != null) {
                pending.cancel();
            }
        }
    }
}

package dev.vigil.notify.pipeline;

import dev.vigil.core.time.Scheduler;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.notify.config.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: each due notification to its channel; marked sent only after the channel accepted it;
 * retried with exponential backoff (5 s doubling to 10 min, with jitter) while the channel says to retry;
 * kept as failed, with the reason, when it says the refusal is for good (a 401, a 404). Nothing is dropped.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    /**
     * The safety net: queued rows wake the dispatcher and a retry schedules its own turn, so the poll only picks up
     * what another process queued or a wake that was lost (messages due before the next poll get their own turn).
     */
    static final Duration POLL = Duration.ofMinutes(5);

    private final Scheduler scheduler;
    private final NotifyStore store;
    private final Executor workers;
    private final RandomGenerator random;
    private volatile NotifyPlan plan;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean stopped;

    public Dispatcher(Scheduler scheduler, NotifyStore store, Executor workers, RandomGenerator random, NotifyPlan plan) {
        this.scheduler = scheduler;
        this.store = store;
        this.workers = workers;
        this.random = random;
        this.plan = plan;
    }

    void apply(NotifyPlan next) {
        this.plan = next;
    }

    void start() {
        tick();
    }

    public void stop() {
        stopped = true;
    }

    /**
     * Freshly queued rows (already durable): deliver those that are due at once, without reading them back
     * from the store; the rest (held for a period) wait for the poll.
     */
    void deliverNow(List<NotifyStore.Outgoing> rows) {
        Instant now = scheduler.clock().instant();
        for (NotifyStore.Outgoing o : rows) {
            if (o.nextAttempt().isAfter(now)) {
                scheduler.schedule(o.nextAttempt(), this::deliverDue); // held for a receiver's period: its own turn
            } else if (!stopped && inFlight.add(o.id())) {
                workers.execute(() -> {
                    try {
                        deliver(o);
                    } finally {
                        inFlight.remove(o.id());
                    }
                });
            }
        }
    }

    /** Something was queued: look at the outbox now rather than at the next poll. */
    void wake() {
        if (scheduled.compareAndSet(false, true)) {
            scheduler.schedule(scheduler.clock().instant(), this::deliverDue);
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        deliverDue();
        upcoming();
        scheduler.schedule(scheduler.clock().instant().plus(POLL), this::tick);
    }

    /**
     * Gives each message due before the next poll its own turn: after a restart, a retry whose back-off is still
     * running (or one held for a receiver's period) goes out when due, not at the next poll.
     */
    private void upcoming() {
        Instant now = scheduler.clock().instant();
        try {
            for (NotifyStore.Outgoing o : store.due(now.plus(POLL), 500)) {
                if (o.nextAttempt().isAfter(now)) {
                    scheduler.schedule(o.nextAttempt(), this::deliverDue);
                }
            }
        } catch (RuntimeException e) {
            log.error("cannot read the outbox: {}", e.getMessage());
        }
    }

    private void deliverDue() {
        scheduled.set(false);
        if (stopped) {
            return;
        }
        List<NotifyStore.Outgoing> due;
        try {
            due = store.due(scheduler.clock().instant(), 500);
        } catch (RuntimeException e) {
            log.error("cannot read the outbox: {}", e.getMessage());
            return;
        }
        for (NotifyStore.Outgoing o : due) {
            if (inFlight.add(o.id())) {
                workers.execute(() -> {
                    try {
                        deliver(o);
                    } finally {
                        inFlight.remove(o.id());
                    }
                });
            }
        }
    }

    private void deliver(NotifyStore.Outgoing o) {
        Receiver receiver = plan.receivers().get(o.receiver());
        Instant now = scheduler.clock().instant();
        if (receiver == null || o.channel() >= receiver.channels().size()) {
            // Kept, not dropped: restoring the receiver in the config delivers it.
            store.markFailed(o.id(), "receiver '" + o.receiver() + "' is not configured", now.plus(MAX_RETRY));
            return;
        }
        Channel channel = receiver.channels().get(o.channel());
        Delivery outcome;
        try {
            outcome = channel.send(o.notification());
        } catch (RuntimeException e) {
            log.error("{} to {} failed with an internal error: {}", channel.type(), o.receiver(), e.toString());
            outcome = new Delivery.RetryLater("internal error (" + e.getClass().getSimpleName() + ")");
        }
        switch (outcome) {
            case Delivery.Delivered d -> store.markSent(o.id(), scheduler.clock().instant());
            case Delivery.RetryLater r -> {
                Instant next = scheduler.clock().instant().plus(backoff(o.attempts() + 1));
                store.markFailed(o.id(), r.reason(), next);
                scheduler.schedule(next, this::deliverDue);
                log.warn("{} to {} failed (attempt {}): {}; retrying at {}", channel.type(), o.receiver(), o.attempts() + 1,
                        r.reason(), next);
            }
            case Delivery.Failed f -> {
                store.markGivenUp(o.id(), f.reason());
                log.warn("{} to {} refused for good (attempt {}): {}; not retried", channel.type(), o.receiver(),
                        o.attempts() + 1, f.reason());
            }
        }
    }

    /** Exponential backoff with ±20% jitter so retries from many notifications do not line up. */
    Duration backoff(int attempt) {
        long base = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, MAX_RETRY.toMillis());
        double jitter = 0.8 + random.nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }
}

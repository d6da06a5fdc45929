package dev.vigil.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wall-clock scheduler backed by one timer thread. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

    private final InstantSource clock;
    private final ScheduledThreadPoolExecutor timer;

    public SystemScheduler(InstantSource clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("vigil-timer").daemon().factory());
        // Cancelled checks (removed services) must not linger in the queue until their due time.
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        if (timer.isShutdown()) {
            return () -> { }; // shutting down: periodic tasks stop rescheduling themselves
        }
        ScheduledFuture<?> future;
        try {
            future = timer.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failing task must not kill the timer thread, or every later task would silently stop.
                log.error("scheduled task failed: {}", e.toString());
            }
        }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
        ScheduledFuture<?> scheduled = future;
        return () -> scheduled.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Executor for work handed off by scheduled tasks: one virtual thread per task. */
    public static ExecutorService workers() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vigil-worker-", 0).factory());
    }
}

package dev.vigil.metrics;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Sample;
import dev.vigil.core.time.Scheduler;
import dev.vigil.metrics.alert.SeriesAlerts;
import dev.vigil.metrics.collect.LocalCollector;
import dev.vigil.metrics.collect.TopProcesses;
import dev.vigil.metrics.collect.prometheus.PrometheusCollector;
import dev.vigil.metrics.config.CollectorsReader.Configured;
import dev.vigil.metrics.config.CollectorsReader.MetricsPlan;
import dev.vigil.metrics.forecast.Forecast;
import dev.vigil.metrics.pattern.PatternWatch;
import dev.vigil.metrics.store.RemoteWrite;
import dev.vigil.metrics.store.RrdMetricStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics capability: the series store and what runs around it (the local collector, the configured
 * collectors' polling, samples from checks and agents, threshold and forecast alerts, the recurring-pattern
 * scan, remote write, the sweep of dead series). A reload applies a new {@link MetricsPlan} in place:
 * collectors restart with their new settings, rules keep the state of those that did not change. Every job
 * runs on a worker and a failure is logged with its reason; none stops the others.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final Scheduler scheduler;
    private final Executor workers;
    private final RrdMetricStore metrics;
    private final EventLog events;
    private final SnapshotStore snapshots;
    private final SeriesAlerts alerts;
    private LocalCollector local;
    private String localHost;
    /** Bumped by each plan: a polling chain of an older plan ends at its next turn. */
    private volatile int generation;
    private volatile RemoteWrite remote;
    private URI remoteUrl;
    /** Whether the remote-write loop is scheduled (guarded by this). */
    private boolean writing;
    private volatile boolean closed;
    private dev.vigil.metrics.intake.MetricIntake intake;

    /** The metrics of a data directory: series files under {@code dir}, recorded every {@code step}. */
    public static Metrics open(Path dir, Duration step, Scheduler scheduler, Executor workers, EventLog events,
                               SnapshotStore snapshots) throws IOException {
        return new Metrics(scheduler, workers, new RrdMetricStore(dir, step), events, snapshots);
    }

    /**
     * @param events where alerts, forecasts and patterns go
     * @param snapshots where busiest-process snapshots are kept (null: only the week in memory)
     */
    public Metrics(Scheduler scheduler, Executor workers, RrdMetricStore metrics, EventLog events, SnapshotStore snapshots) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.metrics = metrics;
        this.events = events;
        this.snapshots = snapshots;
        this.budget = new dev.vigil.metrics.intake.SeriesBudget(metrics, intakeSettings.maxSeries());
        this.alerts = new SeriesAlerts(List.of(), MetricsPlan.EMPTY.horizon(), events::append);
        metrics.onSample(alerts::sample);
        metrics.onSample((info, at, value) -> {
            RemoteWrite r = remote;
            if (r != null) {
                r.sample(info, at, value);
            }
        });
    }

    /** Starts sampling the local machine as {@code localHost}, applies the plan and starts the jobs. */
    public synchronized void start(String localHost, Duration interval, List<String> mounts, MetricsPlan plan) {
        local = new LocalCollector(scheduler, metrics, localHost, interval, mounts::contains);
        this.localHost = localHost;
        if (snapshots != null) {
            local.topProcesses().onSnapshot(s -> snapshots.save(localHost, s));
        }
        local.start();
        start(plan);
    }

    /**
     * Applies the plan and starts the jobs (forecasts, patterns, remote write, sweep) without sampling this machine:
     * for a replay, whose samples all come through {@link #record}.
     */
    public synchronized void start(MetricsPlan plan) {
        apply(plan);
        scheduleForecasts(Duration.ofMinutes(5));
        schedulePatterns(new PatternWatch(metrics, ZoneId.systemDefault(), PatternWatch::busySeries).withProcesses((h, at) ->
                topProcesses(h, at).filter(s -> !s.byCpu().isEmpty()).map(s -> s.byCpu().get(0).name())), Duration.ofMinutes(10));
        scheduleSweep(Duration.ofMinutes(30));
    }

    /**
     * A series nobody wrote to for longer than its longest archive (a year) holds no numbers any more: its
     * service or disk is gone. Deleting it keeps the index and the host pages to what exists.
     */
    static final Duration FORGET_AFTER = Duration.ofDays(366);

    private void scheduleSweep(Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            sweep(scheduler.clock().instant());
            scheduleSweep(Duration.ofDays(1));
        }));
    }

    /** Deletes the series that got nothing since {@link #FORGET_AFTER}; returns how many. */
    public int sweep(Instant now) {
        int removed = 0;
        for (SeriesInfo info : metrics.series(null)) {
            Optional<Instant> last = metrics.lastSample(info.key());
            if (last.isPresent() && last.get().isBefore(now.minus(FORGET_AFTER)) && metrics.remove(info.key())) {
                log.info("series {} of {} had no sample since {}; deleted", info.key().name(), info.key().host(), last.get());
                removed++;
            }
        }
        return removed;
    }

    /** Applies a (re)loaded plan. */
    public synchronized void apply(MetricsPlan plan) {
        int g = ++generation;
        for (Configured c : plan.collectors()) {
            poll(c, g, Duration.ZERO);
        }
        alerts.apply(plan.rules(), plan.horizon(), scheduler.clock().instant());
        applyIntake(plan.intake());
        if (!Objects.equals(remoteUrl, plan.remoteWrite())) {
            RemoteWrite old = remote;
            remote = plan.remoteWrite() == null ? null : new RemoteWrite(plan.remoteWrite());
            remoteUrl = plan.remoteWrite();
            if (remote != null && !writing) {
                writing = true;
                scheduleRemoteWrite();
            }
            if (old != null) {
                workers.execute(old::flush); // what was queued for the old store is still sent
            }
        }
    }

    private dev.vigil.metrics.intake.IntakeSettings intakeSettings = dev.vigil.metrics.intake.IntakeSettings.OFF;
    /** The series what applications send may still create; replaced with the intake's settings. */
    private volatile dev.vigil.metrics.intake.SeriesBudget budget;

    /** Graphite and StatsD listeners: restarted when their settings change, a failure to listen said and survived. */
    private void applyIntake(dev.vigil.metrics.intake.IntakeSettings next) {
        if (next.equals(intakeSettings) || closed) {
            return;
        }
        if (intake != null) {
            intake.close();
            intake = null;
        }
        intakeSettings = next;
        budget = new dev.vigil.metrics.intake.SeriesBudget(metrics, next.maxSeries());
        if (next.any()) {
            intake = new dev.vigil.metrics.intake.MetricIntake(next, localHost == null ? "localhost" : localHost, budget, scheduler);
            for (String problem : intake.start()) {
                log.warn("metric intake not listening: {}", problem);
            }
        }
    }

    /**
     * The busiest processes of {@code host} around a moment: this machine's last week from memory, the rest (and
     * other hosts', sent by an agent or a replay) from the store.
     */
    public Optional<TopProcesses.Snapshot> topProcesses(String host, Instant at) {
        LocalCollector l = local;
        Optional<TopProcesses.Snapshot> recent = l != null && host.equals(localHost) ? l.topProcesses().at(at) : Optional.empty();
        if (recent.isPresent() || snapshots == null) {
            return recent;
        }
        try {
            return snapshots.at(host, at);
        } catch (RuntimeException e) {
            log.warn("process snapshots could not be read: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps a host's busiest processes measured elsewhere (an agent's report), for "who made that spike". */
    public void recordProcesses(String host, TopProcesses.Snapshot snapshot) {
        if (snapshots != null) {
            snapshots.save(host, snapshot);
        }
    }

    /**
     * A write in InfluxDB's line protocol into the series (lines without a {@code host} tag belong to {@code intake.host},
     * else to this server's host).
     */
    public dev.vigil.metrics.intake.InfluxWrite.Outcome writeInflux(String body, String precision) {
        return dev.vigil.metrics.intake.InfluxWrite.apply(body, precision, intakeHost(), budget, scheduler.clock().instant());
    }

    /** A Prometheus remote write (snappy-compressed protobuf) into the series. */
    public dev.vigil.metrics.intake.PromWrite.Outcome writeRemote(byte[] snappy) throws IOException {
        return dev.vigil.metrics.intake.PromWrite.apply(snappy, intakeHost(), budget);
    }

    /** Where numbers sent by applications go: the store, within {@code intake.max_series} new series. */
    public Recorder intake() {
        return budget;
    }

    private String intakeHost() {
        return intakeSettings.host() != null ? intakeSettings.host() : localHost == null ? "localhost" : localHost;
    }


    /** The series: what the dashboard and the API read. */
    public MetricStore store() {
        return metrics;
    }

    /**
     * Keeps numbers measured elsewhere (a check's perfdata, an agent) as series. A number the local collector
     * records itself ({@code load.1min} from a load check) only gives that series its thresholds: one series
     * per measurement.
     */
    public void record(List<Sample> samples) {
        for (Sample s : samples) {
            try {
                var key = new SeriesKey(s.host(), s.name());
                var info = new SeriesInfo(key, s.unit(), s.warning(), s.critical(), s.max(), s.capacity(), s.source());
                boolean collected = metrics.info(key).map(i -> i.source().equals("local")).orElse(false);
                if (!collected) {
                    metrics.record(info, s.at(), s.value());
                }
                metrics.describe(info); // exactly the service's thresholds now, also when a config dropped one
            } catch (IllegalArgumentException e) {
                // A label that cannot be a series name (e.g. "../x") is skipped, not stored somewhere else.
                log.debug("sample not kept as a series: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        generation++;
        synchronized (this) {
            if (intake != null) {
                intake.close();
            }
        }
        if (local != null) {
            local.stop();
        }
        metrics.close();
    }

    /** Polls a configured collector now and again every interval while its plan is current. */
    private void poll(Configured c, int g, Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed || g != generation) {
                return;
            }
            Instant now = scheduler.clock().instant();
            try {
                for (var r : c.collector().collect(now)) {
                    metrics.record(r.info(), now, r.value());
                }
            } catch (PrometheusCollector.TruncatedException e) {
                e.readings.forEach(r -> metrics.record(r.info(), now, r.value()));
                log.warn("collector for {}: {}", c.collector().host(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("collector for {} failed: {}", c.collector().host(), e.getMessage());
            }
            poll(c, g, c.interval());
        }));
    }

    /** Hourly: forecasts for the disks (and inodes) of every host, raising an event when one fills within the horizon. */
    private void scheduleForecasts(Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            Instant now = scheduler.clock().instant();
            for (SeriesInfo info : metrics.series(null)) {
                if (!info.capacity() || !info.key().name().startsWith("disk.") || !"%".equals(info.unit())) {
                    continue;
                }
                try {
                    alerts.forecast(info, Forecast.of(metrics, info, now), now);
                } catch (IOException | RuntimeException e) {
                    log.warn("forecast of {} failed: {}", info.key().name(), e.getMessage());
                }
            }
            if (snapshots != null) {
                try {
                    snapshots.prune(now.minus(Duration.ofDays(35)));
                } catch (RuntimeException e) {
                    log.warn("pruning process snapshots failed: {}", e.getMessage());
                }
            }
            scheduleForecasts(Duration.ofHours(1));
        }));
    }

    /** Every 6 hours: recurring weekly spikes in the busy series, each reported once as an INFO event. */
    private void schedulePatterns(PatternWatch watch, Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            try {
                List<Event> found = watch.scan(scheduler.clock().instant());
                if (!found.isEmpty()) {
                    events.append(found);
                }
            } catch (RuntimeException e) {
                log.warn("recurring pattern scan failed: {}", e.toString());
            }
            schedulePatterns(watch, Duration.ofHours(6));
        }));
    }

    /**
     * Every 5 s while a remote store is configured: send the queued samples (on a worker; a slow remote delays nothing
     * else). Without one nothing is scheduled.
     */
    private void scheduleRemoteWrite() {
        scheduler.schedule(scheduler.clock().instant().plusSeconds(5), () -> workers.execute(() -> {
            RemoteWrite r = remote;
            if (closed || r == null) {
                synchronized (this) {
                    writing = false;
                    if (!closed && remote != null) { // configured again just now
                        writing = true;
                        scheduleRemoteWrite();
                    }
                }
                return;
            }
            r.flush();
            scheduleRemoteWrite();
        }));
    }
}

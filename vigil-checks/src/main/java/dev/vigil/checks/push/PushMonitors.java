package dev.vigil.checks.push;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import dev.vigil.core.text.Secrets;
import dev.vigil.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push monitors (heartbeats): services of type {@code push} whose job calls {@code /ping/UUID} when it ran. A job
 * that does not ping by its next scheduled run plus the grace time is CRITICAL; so is one that reports a failure,
 * and one that signalled its start and did not finish within the grace time. A ping after a start gives the run
 * time, kept as the result's {@code runtime} perfdata (so as a series: "the Thursday backup took three times
 * longer" is a graph and can be a threshold).
 */
public final class PushMonitors {
    private static final Logger log = LoggerFactory.getLogger(PushMonitors.class);
    private static final int MAX_BODY = 10_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

    /** What a job says: it ran (exit code 0), it started, it failed. */
    public enum Signal { SUCCESS, START, FAIL }

    /** One monitor as admins see it; {@code due} is when it becomes CRITICAL without a ping. */
    public record Monitor(Target target, String uuid, PushSchedule schedule, Instant lastPing, Instant lastStart, Instant due) {}

    private final Scheduler scheduler;
    private final Executor workers;
    private final CheckEngine engine;
    private final PushStore store;
    private final Map<Target, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Watched> byUuid = new ConcurrentHashMap<>();

    private static final class Watched {
        final PushSchedule schedule;
        volatile PushStore.Kept kept;
        Scheduler.Scheduled timer;

        Watched(PushSchedule schedule, PushStore.Kept kept) {
            this.schedule = schedule;
            this.kept = kept;
        }
    }

    public PushMonitors(Scheduler scheduler, Executor workers, CheckEngine engine, PushStore store) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.engine = engine;
        this.store = store;
    }

    /** Watches the plan's push services (after the engine applied it): new ones get a secret, removed ones are forgotten. */
    public synchronized void apply(Plan plan) {
        Map<Target, PushStore.Kept> kept = new HashMap<>(store.all());
        Map<Target, PushSchedule> wanted = new HashMap<>();
        for (ServiceDefinition d : plan.services().values()) {
            if (d.type().equals(CheckTypes.PUSH)) {
                PushSchedule s = scheduleOf(d);
                if (s != null) {
                    wanted.put(d.target(), s);
                }
            }
        }
        for (Watched w : List.copyOf(watched.values())) {
            if (!wanted.containsKey(w.kept.target())) {
                stop(w);
                watched.remove(w.kept.target());
                byUuid.remove(w.kept.uuid());
                store.forget(w.kept.target());
            }
        }
        kept.keySet().stream().filter(t -> !wanted.containsKey(t)).forEach(store::forget);
        Instant now = scheduler.clock().instant();
        for (var e : wanted.entrySet()) {
            PushSchedule s = e.getValue();
            PushStore.Kept k = kept.get(e.getKey());
            if (k == null) {
                k = new PushStore.Kept(e.getKey(), s.uuid() != null ? s.uuid() : UUID.randomUUID().toString(), now, null, null);
                store.save(k);
            } else if (s.uuid() != null && !s.uuid().equals(k.uuid())) {
                k = k.withUuid(s.uuid());
                store.save(k);
            }
            Watched old = watched.get(e.getKey());
            if (old != null) {
                stop(old);
                byUuid.remove(old.kept.uuid());
            }
            Watched w = new Watched(s, k);
            watched.put(e.getKey(), w);
            byUuid.put(k.uuid(), w);
            arm(w);
        }
    }

    /** The service's schedule as its config says it (validated when the config was read). */
    private static PushSchedule scheduleOf(ServiceDefinition d) {
        if (!(ConfigNode.fromValue(d.source(), d.location()) instanceof ConfigNode.Mapping m)) {
            return null;
        }
        return PushSchedule.read(new Section(m, new ConfigErrors()));
    }

    /**
     * A job's ping. Durable when it returns (the caller answers 200 then); false for an unknown secret.
     *
     * @param exitCode the job's exit code when it sent one ({@code /ping/UUID/3}), else null
     * @param body what the job sent along (its last lines of output), shown with the result, secrets masked
     */
    public boolean ping(String uuid, Signal signal, Integer exitCode, String body) {
        Watched w = uuid == null ? null : byUuid.get(uuid);
        if (w == null) {
            return false;
        }
        Instant now = scheduler.clock().instant();
        String text = body == null ? "" : Secrets.mask(body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body).strip();
        synchronized (w) {
            PushStore.Kept k = w.kept;
            if (signal == Signal.START) {
                w.kept = k.withStart(now);
                store.save(w.kept);
                arm(w);
                return true;
            }
            Duration ran = running(k) ? Duration.between(k.lastStart(), now) : null;
            w.kept = k.withPing(now);
            store.save(w.kept);
            List<PerfValue> perf = ran == null ? List.of() : List.of(PerfValue.of("runtime", ran.toMillis() / 1000.0, "s"));
            String firstLine = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
            String longOutput = text.contains("\n") ? text.substring(text.indexOf('\n') + 1) : "";
            String took = ran == null ? "" : ", ran " + Durations.format(ran.withNanos(0));
            CheckResult result = signal == Signal.SUCCESS
                    ? new CheckResult(ServiceState.OK, "ping received" + took + "; next expected " + expected(w)
                            + (firstLine.isEmpty() ? "" : ": " + firstLine), longOutput, perf)
                    : new CheckResult(ServiceState.CRITICAL, "the job reported a failure" + (exitCode == null ? "" : " (exit code " + exitCode + ")")
                            + took + (firstLine.isEmpty() ? "" : ": " + firstLine), longOutput, perf);
            submit(k.target(), result);
            arm(w);
        }
        return true;
    }

    /** Every monitor, for admins (the secrets are in it). */
    public List<Monitor> list() {
        List<Monitor> out = new ArrayList<>();
        for (Watched w : watched.values()) {
            PushStore.Kept k = w.kept;
            out.add(new Monitor(k.target(), k.uuid(), w.schedule, k.lastPing(), k.lastStart(), due(w)));
        }
        out.sort(Comparator.comparing((Monitor m) -> m.target().host()).thenComparing(m -> m.target().service()));
        return out;
    }

    public Optional<Monitor> monitor(Target target) {
        return list().stream().filter(m -> m.target().equals(target)).findFirst();
    }

    private static boolean running(PushStore.Kept k) {
        return k.lastStart() != null && (k.lastPing() == null || k.lastStart().isAfter(k.lastPing()));
    }

    /** When the monitor turns CRITICAL without news: a started job at start + grace, else the next run + grace. */
    private static Instant due(Watched w) {
        PushStore.Kept k = w.kept;
        if (running(k)) {
            return k.lastStart().plus(w.schedule.grace());
        }
        Instant next = w.schedule.nextRun(k.lastPing() != null ? k.lastPing() : k.created());
        return next.equals(Instant.MAX) ? Instant.MAX : next.plus(w.schedule.grace());
    }

    private String expected(Watched w) {
        Instant next = w.schedule.nextRun(w.kept.lastPing());
        return next.equals(Instant.MAX) ? "never" : WHEN.format(next.atZone(w.schedule.zone())) + " (+" + Durations.format(w.schedule.grace()) + " grace)";
    }

    private void arm(Watched w) {
        synchronized (w) {
            if (w.timer != null) {
                w.timer.cancel();
            }
            Instant due = due(w);
            if (due.equals(Instant.MAX)) {
                return;
            }
            w.timer = scheduler.schedule(due, () -> workers.execute(() -> late(w, due)));
        }
    }

    private void late(Watched w, Instant due) {
        synchronized (w) {
            if (watched.get(w.kept.target()) != w || !due.equals(due(w))) {
                return; // a ping or a new plan came meanwhile and set its own timer
            }
            PushStore.Kept k = w.kept;
            String zoneWhen = WHEN.format(due.minus(w.schedule.grace()).atZone(w.schedule.zone()));
            String why = running(k)
                    ? "started " + WHEN.format(k.lastStart().atZone(w.schedule.zone())) + " and not finished within the "
                            + Durations.format(w.schedule.grace()) + " grace time"
                    : (k.lastPing() == null ? "no ping yet" : "no ping since " + WHEN.format(k.lastPing().atZone(w.schedule.zone())))
                            + "; expected " + zoneWhen + " (" + w.schedule.describe() + ") + " + Durations.format(w.schedule.grace()) + " grace";
            submit(k.target(), new CheckResult(ServiceState.CRITICAL, why, "", List.of()));
        }
    }

    private void submit(Target target, CheckResult result) {
        try {
            engine.submit(target, result);
        } catch (NoSuchElementException e) {
            log.debug("push result for {} dropped: {}", target, e.getMessage());
        }
    }

    private static void stop(Watched w) {
        synchronized (w) {
            if (w.timer != null) {
                w.timer.cancel();
            }
        }
    }
}

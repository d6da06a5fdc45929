package dev.vigil.checks.engine;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Fetched;
import dev.vigil.checks.HostState;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Locations;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.Quorum;
import dev.vigil.checks.state.StateChange;
import dev.vigil.checks.state.StateRules;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured checks on schedule, applies Nagios' state rules to every result, persists state and
 * turns HARD changes into {@link Event}s, marking those that must not alert (downtime, acknowledged,
 * flapping, host down) with the reason.
 *
 * <p>Time comes only from the scheduler's clock and checks run on the given executor, so the same engine
 * runs in production (wall clock, virtual threads) and in tests (simulated clock, caller's thread).
 */
public final class CheckEngine {
    private static final Logger log = LoggerFactory.getLogger(CheckEngine.class);
    /** Extra time past a check's own timeout before the engine interrupts it from outside. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Scheduler scheduler;
    private final Executor workers;
    private final EngineStore store;
    private final RandomGenerator random;
    private final EngineStats stats = new EngineStats();
    private final Map<Target, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Downtime> downtimes = new ConcurrentHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Target, CheckResult>> resultListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Target, Fetched>> fetchListeners = new CopyOnWriteArrayList<>();
    private volatile Plan plan = Plan.empty();
    private Map<Target, Status> restored;
    private Map<Target, Map<String, Status>> restoredPlaces;
    /** Probe locations that lost contact with this server: they count neither way in a quorum. */
    private final java.util.Set<String> lost = ConcurrentHashMap.newKeySet();
    /** Which checks this server runs; the others (another server's share) are skipped when due. */
    private volatile java.util.function.Predicate<Target> runsHere = t -> true;

    public CheckEngine(Scheduler scheduler, Executor workers, EngineStore store, RandomGenerator random) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.store = store;
        this.random = random;
    }

    /** Called with every event after it is stored (the notification pipeline subscribes here). */
    public void onEvent(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** Called with every check result (active, passive or synthesized), e.g. to keep its perfdata as series. */
    public void onResult(BiConsumer<Target, CheckResult> listener) {
        resultListeners.add(listener);
    }

    /**
     * Called with what a check fetched (an HTTP response body) right after it ran: the leak detectors read
     * error pages here. A listener that throws does not affect the check.
     */
    public void onFetched(BiConsumer<Target, Fetched> listener) {
        fetchListeners.add(listener);
    }

    public EngineStats stats() {
        return stats;
    }

    public Plan plan() {
        return plan;
    }

    /**
     * Starts monitoring {@code next}, or switches to it: unchanged objects keep their schedule, changed ones
     * keep their state and get the new check, removed ones stop. The first call restores saved state.
     */
    public synchronized void apply(Plan next) {
        if (restored == null) {
            restored = new ConcurrentHashMap<>(store.loadStatuses());
            restoredPlaces = new ConcurrentHashMap<>(store.loadPlaces());
            store.loadDowntimes().forEach(d -> downtimes.put(d.id(), d));
        }
        downtimes.values().removeIf(d -> d.id().startsWith("config-"));
        next.downtimes().forEach(d -> downtimes.put(d.id(), d));

        Map<Target, Object> wanted = new LinkedHashMap<>();
        next.hosts().values().forEach(h -> wanted.put(Target.host(h.name()), h));
        next.services().values().forEach(s -> wanted.put(s.target(), s));

        for (Watched w : List.copyOf(watched.values())) {
            if (!wanted.containsKey(w.target)) {
                w.retire();
                watched.remove(w.target);
                store.forget(w.target);
            }
        }
        this.plan = next;
        for (Map.Entry<Target, Object> e : wanted.entrySet()) {
            Watched old = watched.get(e.getKey());
            if (old != null && old.sameDefinition(e.getValue())) {
                old.definition = e.getValue(); // same settings; keep schedule and check
                continue;
            }
            Watched w = new Watched(e.getKey(), e.getValue());
            Status status = old != null ? old.status : restored.remove(e.getKey());
            if (old != null) {
                old.retire();
            }
            w.status = status == null ? Status.pending(w.target, w.maxAttempts(), now())
                    : status.withMaxAttempts(w.maxAttempts());
            Map<String, Status> places = old != null ? old.places : restoredPlaces.getOrDefault(e.getKey(), Map.of());
            restoredPlaces.remove(e.getKey());
            places.forEach((name, st) -> {
                if (w.locations().names().contains(name)) {
                    w.places.put(name, st.withMaxAttempts(w.timing().maxAttempts()));
                }
            });
            watched.put(w.target, w);
            start(w, old == null);
        }
        // Checkless hosts take their state from their parents; settle them now that all hosts exist.
        watched.values().stream().filter(w -> w.isHost() && w.check() == null)
                .forEach(w -> workers.execute(() -> evaluateCheckless(w)));
    }

    private void start(Watched w, boolean fresh) {
        if (w.check() != null && w.locations().runsHere()) {
            Duration interval = w.timing().interval();
            Instant due = w.status.lastCheck() == null ? null : w.status.lastCheck().plus(interval);
            Instant first;
            if (!fresh || due == null || !due.isAfter(now())) {
                // Spread first checks over one interval so a (re)start does not fire everything at once.
                first = now().plusMillis((long) (random.nextDouble() * Math.min(interval.toMillis(), 60_000)));
            } else {
                first = due;
            }
            schedule(w, first);
        }
        scheduleFreshness(w, w.status.lastCheck() == null ? now() : w.status.lastCheck());
    }

    // --- running checks ------------------------------------------------------------------------------

    /** Sets the one pending run of {@code w} (replacing any other), so a check never runs twice at once. */
    private void schedule(Watched w, Instant at) {
        synchronized (w) {
            if (w.retired) {
                return;
            }
            if (w.next != null) {
                w.next.cancel();
            }
            w.dueAt = at;
            w.next = scheduler.schedule(at, () -> dispatch(w, at));
        }
    }

    private void dispatch(Watched w, Instant due) {
        if (!runsHere.test(w.target)) {
            schedule(w, due.plus(w.timing().interval())); // another server's turn; the slot stays for a takeover
            return;
        }
        synchronized (w) {
            if (w.retired || w.running) {
                return; // the run in flight schedules the next one when it finishes
            }
            w.running = true;
        }
        try {
            workers.execute(() -> execute(w, due));
        } catch (RejectedExecutionException e) {
            w.running = false; // shutting down
        }
    }

    private void execute(Watched w, Instant due) {
        stats.record(Duration.between(due, now()).toNanos() / 1e6);
        CheckResult result;
        try {
            result = runGuarded(w.target, w.check(), w.timing().timeout());
        } finally {
            w.running = false;
        }
        if (w.retired) {
            return;
        }
        Status after = w.locations().spread() ? handleAt(w, Locations.LOCAL, result, now(), false) : handle(w, result);
        Duration wait = after.stateType() == StateType.SOFT && after.state().isProblem()
                ? w.timing().retryInterval() : w.timing().interval();
        schedule(w, due.plus(wait).isAfter(now()) ? due.plus(wait) : now().plus(wait));
    }

    private CheckResult runGuarded(Target target, Check check, Duration timeout) {
        Thread runner = Thread.currentThread();
        Scheduler.Scheduled guard = scheduler.schedule(now().plus(timeout).plus(GRACE), runner::interrupt);
        try {
            return check.run(timeout, fetched -> fetchListeners.forEach(l -> {
                try {
                    l.accept(target, fetched);
                } catch (RuntimeException e) {
                    log.warn("a listener of fetched responses failed: {}", e.toString());
                }
            }));
        } catch (InterruptedException e) {
            return CheckResult.unknown("check timed out after " + Durations.format(timeout));
        } catch (RuntimeException e) {
            log.warn("check failed with an internal error: {}", e.toString());
            return CheckResult.unknown("check failed: internal error (" + e.getClass().getSimpleName() + ")");
        } finally {
            guard.cancel();
            Thread.interrupted(); // a late guard must not leak an interrupt into the next task
        }
    }

    /**
     * Shares the checks with other servers on the same store: only those {@code runsHere} accepts run here. Call
     * {@link #resync()} whenever the answer may have changed.
     */
    public void share(java.util.function.Predicate<Target> runsHere) {
        this.runsHere = runsHere;
    }

    /** How many of the checks this server runs. */
    public int running() {
        return (int) watched.values().stream().filter(w -> w.check() != null && runsHere.test(w.target)).count();
    }

    /**
     * Reads the state of the checks this server does not run from the store (another server keeps it), so pages
     * and the API show it; a check this server just took over starts from the state its last owner stored, and
     * runs at once (within a second).
     */
    public void resync() {
        Map<Target, Status> stored = store.loadStatuses();
        for (Watched w : watched.values()) {
            boolean ours = runsHere.test(w.target);
            Status s = stored.get(w.target);
            if (!ours || !w.ours) {
                if (s != null && !w.running) {
                    w.status = s.withMaxAttempts(w.maxAttempts());
                }
            } else if (s != null && s.acknowledgement() != null && w.status.acknowledgement() == null && s.state() == w.status.state()) {
                w.status = w.status.withAcknowledgement(s.acknowledgement()); // acknowledged on another server
            }
            if (ours && !w.ours && w.check() != null && w.locations().runsHere()) {
                schedule(w, now().plusMillis((long) (random.nextDouble() * 1000)));
            }
            w.ours = ours;
        }
    }

    /** Records a result submitted from outside (a passive check). Durable when this returns. */
    public Status submit(Target target, CheckResult result) {
        Watched w = watched.get(target);
        if (w == null) {
            throw new NoSuchElementException("unknown " + (target.isHost() ? "host " : "service ") + target);
        }
        if (w.locations().spread()) {
            throw new IllegalStateException(target + " is checked from locations " + w.locations().names()
                    + "; its results come from those places");
        }
        Status status = handle(w, result, true);
        scheduleFreshness(w, now());
        return status;
    }

    private void scheduleFreshness(Watched w, Instant from) {
        Duration freshness = w.freshness();
        if (freshness == null) {
            return;
        }
        synchronized (w) {
            if (w.freshnessCheck != null) {
                w.freshnessCheck.cancel();
            }
            if (w.retired) {
                return;
            }
            Instant at = from.plus(freshness);
            w.freshnessCheck = scheduler.schedule(at, () -> workers.execute(() -> {
                Instant last = w.status.lastCheck();
                if (w.retired || (last != null && last.isAfter(at.minus(freshness)))) {
                    return; // a result arrived meanwhile; its own submit rescheduled us
                }
                if (!runsHere.test(w.target)) {
                    scheduleFreshness(w, now()); // another server's to judge
                    return;
                }
                handle(w, new CheckResult(w.freshnessState(), "no result received for " + Durations.format(freshness)
                        + " (freshness threshold)", "", List.of()));
                scheduleFreshness(w, now());
            }));
        }
    }

    /**
     * Records the result of a service's check from one of its locations (a probe's, measured at {@code at}). Durable
     * when this returns; returns that location's status. A result older than two check intervals (a probe sending what
     * it kept while it could not reach this server) is kept as history only: it no longer says how the service is.
     */
    public Status submitAt(Target target, String location, CheckResult result, Instant at) {
        Watched w = watched.get(target);
        if (w == null || !w.locations().names().contains(location) || Locations.LOCAL.equals(location)) {
            throw new NoSuchElementException(target + " is not checked from location '" + location + "'");
        }
        Duration late = w.timing().interval().multipliedBy(2);
        if (at.isBefore(now().minus(late.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : late))) {
            store.recordAt(target, location, null, result, at, null, List.of());
            return w.places.getOrDefault(location, Status.pending(target, w.timing().maxAttempts(), now()));
        }
        return handleAt(w, location, result, at, true);
    }

    /**
     * Says whether a probe location is in contact with this server. One that lost contact stops counting in its
     * services' quorums (which are decided again now), so its silence is never taken for the services' failure.
     */
    public void locationContact(String location, boolean inContact) {
        if (inContact ? !lost.remove(location) : !lost.add(location)) {
            return;
        }
        for (Watched w : watched.values()) {
            if (w.locations().names().contains(location)) {
                workers.execute(() -> reconsider(w));
            }
        }
    }

    /** The probe locations that lost contact with this server. */
    public java.util.Set<String> lostLocations() {
        return java.util.Set.copyOf(lost);
    }

    /** Each location's own status of a service checked from several places (empty for the others). */
    public Map<String, Status> places(Target target) {
        Watched w = watched.get(target);
        return w == null ? Map.of() : Map.copyOf(w.places);
    }

    /** One location's result: its own state rules first, then the quorum of all locations decides the service's. */
    private Status handleAt(Watched w, String location, CheckResult result, Instant at, boolean submitted) {
        Status place;
        synchronized (w) {
            Status before = w.places.getOrDefault(location, Status.pending(w.target, w.timing().maxAttempts(), now()));
            place = StateRules.apply(before, result.state(), result, now(), w.timing().flap()).next(); // a location's flapping is not an event
            Optional<Quorum.Verdict> verdict = Quorum.of(w.locations().names(), w.locations().quorum(), withPlace(w, location, place), lost);
            Transition t = verdict.map(v -> transition(w, v.state(), new CheckResult(v.state(), v.output(), v.longOutput(), List.of())))
                    .orElse(null);
            try {
                store.recordAt(w.target, location, place, result, at, t == null ? null : t.next(), t == null ? List.of() : t.events());
            } catch (RuntimeException e) {
                if (submitted) {
                    throw e;
                }
                log.error("could not store result for {} from {}: {}", w.target, location, e.toString());
            }
            w.places.put(location, place);
            if (t != null) {
                commit(w, t);
            }
            if (Locations.LOCAL.equals(location)) {
                tellResultListeners(w, result); // series from one place only: several would mix in one graph
            }
        }
        return place;
    }

    private static Map<String, Status> withPlace(Watched w, String location, Status place) {
        Map<String, Status> places = new LinkedHashMap<>(w.places);
        places.put(location, place);
        return places;
    }

    /** Decides a service again when one of its locations came or went: only a changed state is a new observation. */
    private void reconsider(Watched w) {
        synchronized (w) {
            if (w.retired) {
                return;
            }
            Optional<Quorum.Verdict> verdict = Quorum.of(w.locations().names(), w.locations().quorum(), w.places, lost);
            if (verdict.isEmpty() || verdict.get().state().equals(w.status.state())) {
                return;
            }
            Quorum.Verdict v = verdict.get();
            Transition t = transition(w, v.state(), new CheckResult(v.state(), v.output(), v.longOutput(), List.of()));
            try {
                store.record(t.next(), null, now(), t.events());
            } catch (RuntimeException e) {
                log.error("could not store the state of {}: {}", w.target, e.toString());
            }
            commit(w, t);
        }
    }

    /** A state change worked out (next status and its events), not yet stored. */
    private record Transition(Status before, Status next, List<Event> events) {}

    private Transition transition(Watched w, State observed, CheckResult result) {
        Status before = w.status;
        StateRules.Step step = StateRules.apply(before, observed, result, now(), w.timing().flap());
        Status next = step.next();
        List<Event> events = new ArrayList<>();
        for (StateChange change : step.changes()) {
            Event event = event(w, before, next, change);
            events.add(event);
            if (change instanceof StateChange.HardChange hc) {
                next = next.withAlerted(hc.to().isProblem() ? event.alerts() || before.alerted() : false);
            }
        }
        return new Transition(before, next, events);
    }

    /** Makes a stored transition the current state and tells the event listeners. */
    private void commit(Watched w, Transition t) {
        w.status = t.next();
        t.events().forEach(this::publish);
    }

    private void tellResultListeners(Watched w, CheckResult result) {
        for (var l : resultListeners) {
            try {
                l.accept(w.target, result);
            } catch (RuntimeException e) {
                log.warn("result listener failed: {}", e.toString());
            }
        }
    }

    /** Applies one observation: state rules, events, durable write, then propagation to child hosts. */
    private Status handle(Watched w, CheckResult result) {
        return handle(w, result, false);
    }

    /** @param submitted true when someone outside waits for the write; a store failure is then theirs to see */
    private Status handle(Watched w, CheckResult result, boolean submitted) {
        Status before;
        Status next;
        boolean hostChanged;
        synchronized (w) {
            before = w.status;
            State observed = w.isHost() ? hostState(w, result.state()) : result.state();
            Transition t = transition(w, observed, result);
            next = t.next();
            try {
                store.record(next, result, now(), t.events());
            } catch (RuntimeException e) {
                if (submitted) {
                    throw e; // the submitter must learn its result was not stored, so it can retry
                }
                log.error("could not store result for {}: {}", w.target, e.toString());
            }
            commit(w, t);
            tellResultListeners(w, result);
            hostChanged = w.isHost() && !before.state().equals(next.state());
        }
        if (hostChanged) {
            propagate(w.target.host(), next.state());
        }
        return next;
    }

    private void publish(Event event) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed: {}", e.toString());
            }
        }
    }

    private HostState hostState(Watched w, ServiceState result) {
        HostState h = HostState.of(result);
        return h == HostState.DOWN && downParent(w.host()).isPresent() ? HostState.UNREACHABLE : h;
    }

    private Optional<String> downParent(HostDefinition host) {
        if (host == null) {
            return Optional.empty();
        }
        return host.parents().stream().filter(p -> {
            Watched pw = watched.get(Target.host(p));
            return pw != null && pw.status.state().isProblem();
        }).findFirst();
    }

    /** A host changed state: re-evaluate checkless children at once and re-check the others soon. */
    private void propagate(String host, State state) {
        for (Watched child : watched.values()) {
            if (!child.isHost() || !child.host().parents().contains(host)) {
                continue;
            }
            if (child.check() == null) {
                evaluateCheckless(child);
            } else if (state.isProblem()) {
                schedule(child, now());
            }
        }
    }

    private void evaluateCheckless(Watched w) {
        if (w.retired) {
            return;
        }
        Optional<String> parent = downParent(w.host());
        State current = w.status.state();
        if (parent.isPresent() && current != HostState.UNREACHABLE) {
            handle(w, CheckResult.of(ServiceState.CRITICAL, "parent host " + parent.get() + " is down"));
        } else if (parent.isEmpty() && current != HostState.UP) {
            handle(w, CheckResult.of(ServiceState.OK, "no host check configured; parents are up"));
        }
    }

    // --- events ------------------------------------------------------------------------------------

    private Event event(Watched w, Status before, Status next, StateChange change) {
        Target t = w.target;
        String what = t.isHost() ? "host " + t.host() : t.service() + " on " + t.host();
        return switch (change) {
            case StateChange.HardChange hc -> {
                boolean recovery = !hc.to().isProblem();
                String suppression = recovery
                        ? (before.alerted() ? downtimeReason(t) : "the problem was not alerted")
                        : problemSuppression(w, next);
                yield Event.of(recovery ? EventKind.RECOVERY : EventKind.PROBLEM, now(), t.host(), "check",
                        hc.to().severity(),
                        what + " is " + hc.to().name(),
                        Event.fingerprint("check", t.host(), t.service()))
                        .withDetails(next.output())
                        .withEvidence(evidence(t))
                        .suppressedBy(suppression)
                        .withTags(tags(w, hc.to()));
            }
            case StateChange.FlapStart fs -> Event.of(EventKind.FLAPPING_START, now(), t.host(), "check",
                    Severity.WARNING,
                    what + " is flapping",
                    Event.fingerprint("check-flapping", t.host(), t.service()))
                    .withDetails(String.format(Locale.ROOT, "%.1f%% state change", fs.percent()))
                    .withEvidence(evidence(t))
                    .suppressedBy(downtimeReason(t))
                    .withTags(tags(w, next.state()));
            case StateChange.FlapStop fs -> Event.of(EventKind.FLAPPING_STOP, now(), t.host(), "check", Severity.OK,
                    what + " stopped flapping",
                    Event.fingerprint("check-flapping", t.host(), t.service()))
                    .withDetails(String.format(Locale.ROOT, "%.1f%% state change", fs.percent()))
                    .withEvidence(evidence(t))
                    .suppressedBy(downtimeReason(t))
                    .withTags(tags(w, next.state()));
        };
    }

    /** Labels for routing and silencing: the service, the state, the check type and the host's groups. */
    private Map<String, String> tags(Watched w, State state) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (!w.isHost()) {
            tags.put("service", w.target.service());
        }
        tags.put("state", state.name());
        if (w.definition instanceof ServiceDefinition s) {
            tags.put("check", s.type());
        }
        Watched host = watched.get(Target.host(w.target.host()));
        if (host != null && host.host() != null && !host.host().groups().isEmpty()) {
            tags.put("groups", String.join(",", host.host().groups()));
        }
        return tags;
    }

    private static List<EvidenceLink> evidence(Target t) {
        return List.of(EvidenceLink.checkResults(t.host(), t.isHost() ? null : t.service()));
    }


    private String problemSuppression(Watched w, Status next) {
        String downtime = downtimeReason(w.target);
        if (downtime != null) {
            return downtime;
        }
        if (next.flapping()) {
            return "flapping";
        }
        if (next.acknowledgement() != null) {
            return "acknowledged by " + next.acknowledgement().author();
        }
        if (w.isHost() && next.state() == HostState.UNREACHABLE) {
            return "unreachable: parent host " + downParent(w.host()).orElse("?") + " is down";
        }
        if (!w.isHost()) {
            Watched host = watched.get(Target.host(w.target.host()));
            if (host != null && host.status.state().isProblem()) {
                return "host " + w.target.host() + " is " + host.status.state().name();
            }
        }
        return null;
    }

    private String downtimeReason(Target t) {
        Instant now = now();
        return downtimes.values().stream()
                .filter(d -> d.covers(t) || d.covers(Target.host(t.host())) && d.service() == null)
                .filter(d -> d.isActive(now))
                .findFirst()
                .map(d -> "in scheduled downtime" + (d.comment().isEmpty() ? "" : ": " + d.comment()))
                .orElse(null);
    }

    // --- queries and operator actions -------------------------------------------------------------------

    public List<Status> statuses() {
        return watched.values().stream().map(w -> w.status)
                .sorted(Comparator.comparing(Status::target)).toList();
    }

    public Optional<Status> status(Target target) {
        return Optional.ofNullable(watched.get(target)).map(w -> w.status);
    }

    /** Active downtimes covering {@code target} right now (host-wide ones included). */
    public List<Downtime> activeDowntimes(Target target) {
        Instant now = now();
        return downtimes.values().stream()
                .filter(d -> d.covers(target) || (d.service() == null && d.host().equals(target.host())))
                .filter(d -> d.isActive(now)).toList();
    }

    public List<Downtime> downtimes() {
        return downtimes.values().stream().sorted(Comparator.comparing(Downtime::id)).toList();
    }

    /** Schedules a downtime; durable when this returns. */
    public Downtime scheduleDowntime(Downtime downtime) {
        if (!watched.containsKey(Target.host(downtime.host()))) {
            throw new NoSuchElementException("unknown host " + downtime.host());
        }
        if (downtime.service() != null && !watched.containsKey(Target.service(downtime.host(), downtime.service()))) {
            throw new NoSuchElementException("unknown service " + downtime.host() + "/" + downtime.service());
        }
        store.saveDowntime(downtime);
        downtimes.put(downtime.id(), downtime);
        return downtime;
    }

    /** Cancels a downtime scheduled at runtime; configured ones change only with the config. */
    public boolean cancelDowntime(String id) {
        Downtime d = downtimes.get(id);
        if (d == null) {
            return false;
        }
        if (id.startsWith("config-")) {
            throw new IllegalStateException("downtime " + id + " comes from the configuration file; remove it there");
        }
        store.deleteDowntime(id);
        downtimes.remove(id);
        return true;
    }

    /** Acknowledges a current problem; durable when this returns. */
    public Status acknowledge(Target target, Acknowledgement ack) {
        Watched w = watched.get(target);
        if (w == null) {
            throw new NoSuchElementException("unknown " + (target.isHost() ? "host " : "service ") + target);
        }
        synchronized (w) {
            if (!w.status.state().isProblem()) {
                throw new IllegalStateException(target + " is " + w.status.state().name() + "; only problems can be acknowledged");
            }
            Status next = w.status.withAcknowledgement(ack);
            Event event = Event.of(EventKind.ACKNOWLEDGED, now(), target.host(), "check", Severity.INFO,
                    (target.isHost() ? "host " + target.host() : target.service() + " on " + target.host())
                            + " acknowledged by " + ack.author(),
                    Event.fingerprint("check", target.host(), target.service()))
                    .withDetails(ack.comment())
                    .withEvidence(evidence(target))
                    .suppressedBy("acknowledgement")
                    .withTags(tags(w, w.status.state()));
            store.record(next, null, now(), List.of(event));
            w.status = next;
            return next;
        }
    }

    public boolean removeAcknowledgement(Target target) {
        Watched w = watched.get(target);
        if (w == null) {
            throw new NoSuchElementException("unknown " + (target.isHost() ? "host " : "service ") + target);
        }
        synchronized (w) {
            if (w.status.acknowledgement() == null) {
                return false;
            }
            Status next = w.status.withAcknowledgement(null);
            store.record(next, null, now(), List.of());
            w.status = next;
            return true;
        }
    }

    /** Runs the active check of {@code target} now instead of at its next slot. */
    public void checkNow(Target target) {
        Watched w = watched.get(target);
        if (w == null) {
            throw new NoSuchElementException("unknown " + target);
        }
        if (w.check() == null) {
            throw new IllegalStateException(target + " has no active check");
        }
        schedule(w, now());
    }

    public Optional<Instant> nextCheck(Target target) {
        Watched w = watched.get(target);
        return w == null || w.check() == null ? Optional.empty() : Optional.ofNullable(w.dueAt);
    }

    /** Stops all checks; in-flight results are discarded. */
    public synchronized void stop() {
        watched.values().forEach(Watched::retire);
    }

    private Instant now() {
        return scheduler.clock().instant();
    }

    /** One monitored host or service with its schedule. */
    private static final class Watched {
        final Target target;
        /** Each location's own status, for a service checked from several places. */
        final Map<String, Status> places = new ConcurrentHashMap<>();
        volatile Object definition;
        volatile Status status;
        volatile boolean retired;
        volatile boolean running;
        Scheduler.Scheduled next;
        Scheduler.Scheduled freshnessCheck;
        volatile Instant dueAt;
        /** Whether this server ran it at the last {@link #resync()}. */
        volatile boolean ours = true;

        Watched(Target target, Object definition) {
            this.target = target;
            this.definition = definition;
        }

        boolean isHost() {
            return target.isHost();
        }

        HostDefinition host() {
            return definition instanceof HostDefinition h ? h : null;
        }

        Check check() {
            return switch (definition) {
                case HostDefinition h -> h.check();
                case ServiceDefinition s -> s.check();
                default -> null;
            };
        }

        Timing timing() {
            return switch (definition) {
                case HostDefinition h -> h.timing();
                case ServiceDefinition s -> s.timing();
                default -> Timing.DEFAULT;
            };
        }

        int maxAttempts() {
            // A checkless host follows its parents at once; there is nothing to retry. A service checked from several
            // places retries at each of them; their quorum is final at once.
            return isHost() && check() == null || locations().spread() ? 1 : timing().maxAttempts();
        }

        Locations locations() {
            return definition instanceof ServiceDefinition s ? s.locations() : Locations.NONE;
        }

        Duration freshness() {
            return definition instanceof ServiceDefinition s ? s.freshness() : null;
        }

        ServiceState freshnessState() {
            return definition instanceof ServiceDefinition s ? s.freshnessState() : ServiceState.UNKNOWN;
        }

        boolean sameDefinition(Object other) {
            return switch (definition) {
                case HostDefinition h when other instanceof HostDefinition o ->
                        Objects.equals(h.source(), o.source()) && h.timing().equals(o.timing());
                case ServiceDefinition s when other instanceof ServiceDefinition o ->
                        Objects.equals(s.source(), o.source()) && s.timing().equals(o.timing()) && s.locations().equals(o.locations());
                default -> false;
            };
        }

        synchronized void retire() {
            retired = true;
            if (next != null) {
                next.cancel();
            }
            if (freshnessCheck != null) {
                freshnessCheck.cancel();
            }
        }
    }
}

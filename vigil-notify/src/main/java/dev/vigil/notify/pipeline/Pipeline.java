package dev.vigil.notify.pipeline;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.text.LogText;
import dev.vigil.core.time.Scheduler;
import dev.vigil.notify.AckLinks;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.notify.config.Receiver;
import dev.vigil.notify.config.Route;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored events into notifications: route, group, inhibit, silence, then the outbox (the
 * {@link Dispatcher} delivers), and escalation. It reads the event log itself, after a durable cursor, so
 * every event is handled even across a crash, and an event is counted done only once its notification is
 * in the outbox (same transaction as the cursor move).
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final int BATCH = 1000;
    /** The label that names an event's incident, and what stands for it in a group key when there is none. */
    public static final String INCIDENT = "incident";
    private static final String PER_PROBLEM = "fp:";

    private final Scheduler scheduler;
    private final EventLog events;
    private final NotifyStore store;
    private boolean started;
    private final Dispatcher dispatcher;
    private volatile NotifyPlan plan;
    private Inhibitor inhibitor;
    private volatile AckLinks ackLinks;
    private final List<Silence> silences = new CopyOnWriteArrayList<>();
    private volatile IncidentOf incidents = IncidentOf.NONE;

    /** Firing alerts known to the pipeline, by fingerprint: for inhibition, escalation and acknowledgement. */
    private final Map<String, Tracked> firing = new LinkedHashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    /** Event ids in groups not yet flushed (count per id): the cursor may not pass the smallest. */
    private final TreeMap<Long, Integer> pending = new TreeMap<>();
    /** Recoveries of alerts not seen firing since start; only these need the outbox to know if they were notified. */
    private final Set<String> unknownResolved = new HashSet<>();
    private final List<NotifyStore.Queued> buffered = new ArrayList<>();
    private final List<Long> bufferedEventIds = new ArrayList<>();
    private boolean commitScheduled;
    private long lastSeen;
    private volatile boolean stopped;
    private long savedCursor;
    private boolean pullScheduled;

    private static final class Tracked {
        final Instant startsAt;
        final Map<String, String> labels;
        boolean acknowledged;
        final List<Scheduler.Scheduled> escalations = new ArrayList<>();

        Tracked(Instant startsAt, Map<String, String> labels) {
            this.startsAt = startsAt;
            this.labels = labels;
        }
    }

    private static final class Group {
        final String key;
        final Route route;
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final Map<String, Alert.Status> notified = new HashMap<>();
        final List<Long> eventIds = new ArrayList<>();
        Instant lastFlush;
        Scheduler.Scheduled flush;
        Instant flushAt;
        /** Until when the last message waits for the receiver's notification period. */
        Instant heldUntil;

        Group(String key, Route route) {
            this.key = key;
            this.route = route;
        }
    }

    /**
     * The pipeline reads {@code events} from its saved cursor on, and subscribes itself: every append wakes it.
     */
    public Pipeline(Scheduler scheduler, EventLog events, NotifyStore store, Dispatcher dispatcher, NotifyPlan plan) {
        this.scheduler = scheduler;
        this.events = events;
        this.store = store;
        this.dispatcher = dispatcher;
        this.plan = plan;
        this.inhibitor = new Inhibitor(plan.inhibitRules());
    }

    /** Loads silences and the cursor and handles every event logged since (after a restart or crash). */
    public synchronized void start() {
        silences.clear();
        silences.addAll(store.silences());
        lastSeen = store.cursor();
        savedCursor = lastSeen;
        if (!started) {
            started = true;
            events.subscribe(this::wake);
        }
        pull();
        dispatcher.start();
    }

    /**
     * Stops for good: no more events read, groups flushed or escalations sent (another server leads now; what was
     * waiting here is sent from the events again by it). The outbox's sender stops too.
     */
    public synchronized void stop() {
        stopped = true;
        dispatcher.stop();
    }

    public synchronized void apply(NotifyPlan next) {
        this.plan = next;
        Inhibitor rebuilt = new Inhibitor(next.inhibitRules());
        firing.forEach((fingerprint, t) -> rebuilt.firing(fingerprint, t.labels));
        this.inhibitor = rebuilt;
        dispatcher.apply(next);
    }

    public NotifyPlan plan() {
        return plan;
    }

    /** New events are in the log: read them soon (coalesces bursts into one read). */
    public synchronized void wake() {
        if (!pullScheduled) {
            pullScheduled = true;
            scheduler.schedule(now(), this::pull);
        }
    }

    private synchronized void pull() {
        if (stopped) {
            return;
        }
        reloadSilences();
        pullScheduled = false;
        try {
            while (true) {
                List<EventLog.Logged> batch = events.after(lastSeen, BATCH);
                for (EventLog.Logged l : batch) {
                    accept(l.id(), l.event());
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
            saveCursorIfMoved();
        } catch (RuntimeException e) {
            // The events stay in the log; the next wake or the periodic pull reads them again.
            log.error("notification pipeline could not read events: {}", e.getMessage());
        }
    }

    /** Groups by incident from now on: each event is labelled {@code incident} with its incident's id. */
    public void groupIncidents(IncidentOf lookup) {
        this.incidents = lookup;
    }

    /** The event labelled with its incident, when it has one; a failing lookup leaves it per problem, never unsent. */
    private Event withIncident(long id, Event e) {
        try {
            Optional<Long> incident = incidents.incident(id, e);
            if (incident.isEmpty()) {
                return e;
            }
            Map<String, String> tags = new HashMap<>(e.tags());
            tags.put(INCIDENT, Long.toString(incident.get()));
            return e.withTags(tags);
        } catch (RuntimeException failed) {
            log.warn("notifications go per problem for now: the incident of event {} is unknown ({})", id, failed.toString());
            return e;
        }
    }

    private void accept(long id, Event event) {
        lastSeen = id;
        Event e = event.kind() == EventKind.ACKNOWLEDGED ? event : withIncident(id, event);
        Alert.Status status = switch (e.kind()) {
            case PROBLEM, FLAPPING_START -> Alert.Status.FIRING;
            case RECOVERY, FLAPPING_STOP -> Alert.Status.RESOLVED;
            case ACKNOWLEDGED -> {
                acknowledge(e.fingerprint());
                yield null;
            }
            default -> null;
        };
        if (status == null) {
            return;
        }
        Instant now = e.when();
        if (status == Alert.Status.FIRING) {
            if (e.suppression() != null) {
                // Downtime, acknowledgement, flapping or a down host (the check engine's silences): no message.
                return;
            }
            if (silences.stream().anyMatch(s -> s.mutes(e, now))) {
                return;
            }
            if (inhibitor.inhibited(e)) {
                return;
            }
            Tracked t = firing.get(e.fingerprint());
            if (t == null) {
                t = new Tracked(e.when(), labels(e));
                firing.put(e.fingerprint(), t);
                inhibitor.firing(e.fingerprint(), t.labels);
            }
            route(id, e, Alert.of(e, status, t.startsAt));
        } else {
            Tracked t = firing.remove(e.fingerprint());
            if (t != null) {
                t.escalations.forEach(Scheduler.Scheduled::cancel);
                inhibitor.resolved(e.fingerprint(), t.labels);
            } else {
                // Not seen firing since this process started: only a problem notified before a restart (in the
                // outbox) makes this recovery worth sending.
                unknownResolved.add(e.fingerprint());
            }
            // A recovery goes wherever its problem was notified (checked per group when flushing).
            route(id, e, Alert.of(e, status, t == null ? e.when() : t.startsAt));
        }
    }

    static Map<String, String> labels(Event e) {
        Map<String, String> m = new HashMap<>(e.tags());
        m.put("host", e.host() == null ? "" : e.host());
        m.put("source", e.source());
        m.put("kind", e.kind().id());
        m.put("severity", e.severity().name());
        m.put("fingerprint", e.fingerprint());
        m.putIfAbsent("service", "");
        return m;
    }

    private void route(long id, Event e, Alert alert) {
        for (Route r : Router.match(plan.routes(), e)) {
            String key = groupKey(r, e);
            Group g = groups.computeIfAbsent(key, k -> new Group(k, r));
            g.alerts.put(alert.fingerprint(), alert);
            g.eventIds.add(id);
            pending.merge(id, 1, Integer::sum);
            Instant at = g.lastFlush == null ? e.when().plus(r.groupWait()) : later(now(), g.lastFlush.plus(r.groupInterval()));
            // A change is due at the group's next interval, sooner than a pending repeat reminder.
            if (g.flush == null || g.flushAt.isAfter(at)) {
                scheduleFlush(g, at);
            }
        }
    }

    private static Instant lastDelivery(Group g) {
        return g.heldUntil != null && g.heldUntil.isAfter(g.lastFlush) ? g.heldUntil : g.lastFlush;
    }

    private void scheduleFlush(Group g, Instant at) {
        if (g.flush != null) {
            g.flush.cancel();
        }
        g.flushAt = at;
        g.flush = scheduler.schedule(at, () -> flush(g));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static String groupKey(Route r, Event e) {
        StringBuilder k = new StringBuilder(r.id()).append('|').append(r.receiver());
        for (String label : r.groupBy()) {
            String value = e.label(label);
            if (label.equals(INCIDENT) && (value == null || value.isEmpty())) {
                value = PER_PROBLEM + e.fingerprint(); // not in an incident (yet): a group of its own, as per problem
            }
            k.append('|').append(label).append('=').append(value);
        }
        return k.toString();
    }

    /** Whether a group holds one problem: grouped per fingerprint, or per incident for an event without one. */
    private static boolean perProblem(Group g) {
        List<String> by = g.route.groupBy();
        return by.equals(List.of("fingerprint")) || by.equals(List.of(INCIDENT)) && g.key.contains("|" + INCIDENT + "=" + PER_PROBLEM);
    }

    private synchronized void flush(Group g) {
        if (stopped) {
            return;
        }
        g.flush = null;
        g.flushAt = null;
        Instant now = now();
        List<Alert> out = new ArrayList<>();
        boolean changed = false;
        for (Alert a : List.copyOf(g.alerts.values())) {
            Alert.Status before = g.notified.get(a.fingerprint());
            if (a.status() == Alert.Status.FIRING) {
                out.add(a);
                changed |= before != Alert.Status.FIRING;
            } else {
                boolean wasNotified = before == Alert.Status.FIRING
                        || (before == null && unknownResolved.contains(a.fingerprint())
                            && store.lastStatus(dedupKey(g, a)).filter("firing"::equals).isPresent());
                if (wasNotified) {
                    out.add(a);
                    changed = true;
                }
                g.alerts.remove(a.fingerprint());
                g.notified.remove(a.fingerprint());
                unknownResolved.remove(a.fingerprint());
            }
        }
        // Reminders count from when the last message reached the receiver (a held one goes out at the start of
        // the receiver's period), so messages held over a weekend do not pile up into a burst on Monday.
        boolean repeat = !changed && !out.isEmpty() && g.lastFlush != null
                && !now.isBefore(lastDelivery(g).plus(g.route.repeatInterval()));
        List<NotifyStore.Queued> queued = new ArrayList<>();
        if (changed || repeat) {
            Receiver receiver = plan.receivers().get(g.route.receiver());
            boolean firingNow = out.stream().anyMatch(a -> a.status() == Alert.Status.FIRING);
            Map<String, String> links = new HashMap<>();
            if (ackLinks != null) {
                out.stream().filter(a -> a.status() == Alert.Status.FIRING && a.host() != null && "check".equals(a.source()))
                        .forEach(a -> links.put(a.fingerprint(), ackLinks.link(a, now)));
            }
            Notification n = new Notification(g.route.receiver(), g.key, firingNow ? Alert.Status.FIRING : Alert.Status.RESOLVED,
                    out, dedupKey(g, out.get(0)), now, links, false, null, Math.max(1, g.eventIds.size()));
            if (receiver != null) {
                Instant notBefore = receiver.period().nextActive(now);
                g.heldUntil = notBefore.isAfter(now) ? notBefore : null;
                for (int i = 0; i < receiver.channels().size(); i++) {
                    queued.add(new NotifyStore.Queued(receiver.name(), i, n, notBefore));
                }
            }
            for (Alert a : out) {
                if (a.status() == Alert.Status.FIRING) {
                    if (g.notified.get(a.fingerprint()) != Alert.Status.FIRING) {
                        scheduleEscalations(g.route, a);
                    }
                    g.notified.put(a.fingerprint(), Alert.Status.FIRING);
                }
            }
            g.lastFlush = now;
        }
        // Written with the other groups flushing at this moment in one transaction (see commit): an outage
        // that fills a thousand groups then costs one write, not a thousand, and fresh alerts are not kept waiting.
        buffered.addAll(queued);
        bufferedEventIds.addAll(g.eventIds);
        g.eventIds.clear();
        if (!commitScheduled) {
            commitScheduled = true;
            scheduler.schedule(now, this::commit);
        }
        if (g.alerts.isEmpty()) {
            groups.remove(g.key);
        } else if (g.flush == null) {
            // Re-notify still-firing alerts every repeat_interval (and not before a held message is due).
            Instant next = (g.lastFlush == null ? now : lastDelivery(g)).plus(g.route.repeatInterval());
            scheduleFlush(g, next.isAfter(now) ? next : now.plus(g.route.repeatInterval()));
        }
    }

    /** Queues what the flushes of this moment produced and moves the cursor past their events, atomically. */
    private synchronized void commit() {
        commitScheduled = false;
        for (Long id : bufferedEventIds) {
            pending.computeIfPresent(id, (k, c) -> c == 1 ? null : c - 1);
        }
        bufferedEventIds.clear();
        List<NotifyStore.Queued> queued = List.copyOf(buffered);
        buffered.clear();
        long cursor = safeCursor();
        try {
            dispatcher.deliverNow(store.enqueue(queued, cursor));
            savedCursor = cursor;
        } catch (RuntimeException e) {
            // Not lost: the cursor did not move, so the events are read and grouped again after a restart.
            log.error("could not queue {} notifications: {}", queued.size(), e.getMessage());
        }
    }

    /** One dedup key per group and problem, stable across restarts: channels use it to drop repeats. */
    private static String dedupKey(Group g, Alert a) {
        return perProblem(g) ? g.route.receiver() + "|" + a.fingerprint() : g.key;
    }

    private void scheduleEscalations(Route route, Alert a) {
        Tracked t = firing.get(a.fingerprint());
        if (t == null) {
            return;
        }
        for (Route.Escalation esc : route.escalations()) {
            t.escalations.add(scheduler.schedule(a.startsAt().plus(esc.after()), () -> escalate(a, esc)));
        }
    }

    private synchronized void escalate(Alert a, Route.Escalation esc) {
        if (stopped) {
            return;
        }
        Tracked t = firing.get(a.fingerprint());
        if (t == null || t.acknowledged) {
            return; // recovered or acknowledged meanwhile
        }
        Receiver receiver = plan.receivers().get(esc.receiver());
        if (receiver == null) {
            return;
        }
        Notification n = new Notification(receiver.name(), "escalation|" + receiver.name() + "|" + a.fingerprint(),
                Alert.Status.FIRING, List.of(a), receiver.name() + "|" + a.fingerprint(), now(), Map.of(), false);
        List<NotifyStore.Queued> queued = new ArrayList<>();
        Instant notBefore = receiver.period().nextActive(now());
        for (int i = 0; i < receiver.channels().size(); i++) {
            queued.add(new NotifyStore.Queued(receiver.name(), i, n, notBefore));
        }
        dispatcher.deliverNow(store.enqueue(queued, savedCursor));
        log.info("escalated unacknowledged '{}' to {} after {}", LogText.safe(a.title()), receiver.name(), esc.after());
    }

    private void acknowledge(String fingerprint) {
        Tracked t = firing.get(fingerprint);
        if (t != null) {
            t.acknowledged = true;
            t.escalations.forEach(Scheduler.Scheduled::cancel);
        }
    }

    /** Every event up to here is in the outbox or needed no message; events of unflushed groups hold it back. */
    private long safeCursor() {
        return pending.isEmpty() ? lastSeen : pending.firstKey() - 1;
    }

    private void saveCursorIfMoved() {
        long cursor = safeCursor();
        if (cursor != savedCursor) {
            store.saveCursor(cursor);
            savedCursor = cursor;
        }
    }

    // --- silences -------------------------------------------------------------------------------------

    /** Silences made through another server sharing the store apply here as soon as the next event is read. */
    private void reloadSilences() {
        try {
            List<Silence> now = store.silences();
            if (!now.equals(silences)) {
                silences.clear();
                silences.addAll(now);
            }
        } catch (RuntimeException e) {
            log.warn("silences could not be read again; the ones known stay: {}", e.getMessage());
        }
    }

    public List<Silence> silences() {
        return List.copyOf(silences);
    }

    /** Adds a silence; durable when this returns. */
    public Silence silence(Silence s) {
        store.saveSilence(s);
        silences.removeIf(x -> x.id().equals(s.id()));
        silences.add(s);
        return s;
    }

    public boolean unsilence(String id) {
        boolean removed = store.deleteSilence(id);
        silences.removeIf(x -> x.id().equals(id));
        return removed;
    }

    /** Sends a test message to every channel of a receiver, through the outbox like any other. */
    public synchronized Notification test(String receiverName) {
        Receiver receiver = plan.receivers().get(receiverName);
        if (receiver == null) {
            throw new NoSuchElementException("unknown receiver '" + receiverName + "'");
        }
        Instant now = now();
        Alert a = new Alert("test-" + now.toEpochMilli(), Alert.Status.FIRING, "vigil", null,
                "Test message from Vigil", "INFO", "If you read this, " + receiverName + " works.", "test", now, null, Map.of());
        Notification n = new Notification(receiverName, "test|" + receiverName, Alert.Status.FIRING, List.of(a),
                "test|" + receiverName + "|" + now.toEpochMilli(), now, Map.of(), true);
        List<NotifyStore.Queued> queued = new ArrayList<>();
        for (int i = 0; i < receiver.channels().size(); i++) {
            queued.add(new NotifyStore.Queued(receiverName, i, n, now));
        }
        dispatcher.deliverNow(store.enqueue(queued, savedCursor));
        return n;
    }

    /**
     * Sends a document (a routine report) to the e-mail channels of a receiver, through the outbox like any
     * other message: durable when this returns, retried by the dispatcher, visible in the delivery history.
     *
     * @return the notification queued, or empty when the receiver has no e-mail channel
     */
    public synchronized Optional<Notification> send(String receiverName, Notification.Document document, String dedupKey) {
        Receiver receiver = plan.receivers().get(receiverName);
        if (receiver == null) {
            throw new NoSuchElementException("unknown receiver '" + receiverName + "'");
        }
        Instant now = now();
        // One INFO alert stands for the document wherever the outbox is listed (history, dashboard).
        Alert a = new Alert(dedupKey, Alert.Status.FIRING, "vigil", null, document.subject(), "INFO", "", "report", now, null,
                Map.of());
        Notification n = new Notification(receiverName, dedupKey, Alert.Status.FIRING, List.of(a), dedupKey, now, Map.of(), false,
                document);
        List<NotifyStore.Queued> queued = new ArrayList<>();
        for (int i = 0; i < receiver.channels().size(); i++) {
            if (receiver.channels().get(i).type().equals("email")) {
                queued.add(new NotifyStore.Queued(receiverName, i, n, now));
            }
        }
        if (queued.isEmpty()) {
            return Optional.empty();
        }
        dispatcher.deliverNow(store.enqueue(queued, savedCursor));
        return Optional.of(n);
    }

    /** Puts a signed acknowledgement link for each firing check alert into messages, pointing at {@code baseUrl}. */
    public void enableAckLinks(String baseUrl, Duration lifetime) {
        this.ackLinks = new AckLinks(store.secret("ack-links"), baseUrl, lifetime);
    }

    public Optional<AckLinks.Grant> verifyAckLink(String token) {
        return ackLinks == null ? Optional.empty() : ackLinks.verify(token, now());
    }

    /** Marks a link's nonce used; false if it was used already (links work once). */
    public boolean useAckLink(AckLinks.Grant grant) {
        return store.useAckLink(grant.nonce(), now());
    }

    /** How far the pipeline has read the event log (events it has routed, whether or not flushed yet). */
    public synchronized long handledUpTo() {
        return lastSeen;
    }

    /** Delivery history (outbox entries) about an alert fingerprint, or all when null, newest first. */
    public List<NotifyStore.Outgoing> history(String fingerprint, int limit) {
        return store.history(fingerprint, limit);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    private Instant now() {
        return scheduler.clock().instant();
    }

    /** For tests and benchmarks: how many groups are waiting. */
    synchronized int openGroups() {
        return groups.size();
    }

}

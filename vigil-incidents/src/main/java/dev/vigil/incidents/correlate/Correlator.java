package dev.vigil.incidents.correlate;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.IncidentStore;
import dev.vigil.incidents.Member;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts each event into the incident it belongs to, in the order the event log holds them:
 * <ol>
 *   <li>the same problem (fingerprint) as an open incident's part joins it (a WARNING that became CRITICAL);</li>
 *   <li>a credential leak (a finding with secrets) joins the open incident of its host and makes it a security
 *       incident, or joins an open security incident, or opens one;</li>
 *   <li>a sign of intrusion (a brute force, a successful login, a file change) joins an open security incident of its host, or
 *       of no host (a paste), within the security window: the leaked credentials were used;</li>
 *   <li>a problem that keeps coming back in a recurring pattern's window joins that recurring incident (reopening it);</li>
 *   <li>a problem about a file joins the open incident of its host that names the same file, however long ago
 *       (the audit finds the 777 directory an hour after the scan saw its mode change);</li>
 *   <li>anything else that goes wrong joins an open incident of its host (or of a host it is related to by
 *       {@code depends_on}) whose last event is within the window,
 *       or opens one (linked to the host's incident resolved within the window, if any).</li>
 * </ol>
 * A recurring pattern (the Thursday 04:30 load spike of the backup) looks back over the problems seen: those that
 * happened in its window in at least three different weeks (days, for a daily one) are linked to it, and the
 * latest of their incidents becomes the recurring one, with the pattern in it.
 * A recovery joins the incident of its problem; when every part has recovered the incident is resolved.
 * Information (packages, patterns, INFO events) joins a related open incident as context and opens none.
 */
public final class Correlator {

    /** How far apart related events may be. */
    public record Windows(Duration related, Duration security) {
        public static final Windows DEFAULT = new Windows(Duration.ofMinutes(30), Duration.ofDays(7));
    }

    /** An open incident with the problems in it that have not recovered, and its last event's time. */
    private static final class Active {
        Incident incident;
        final Set<String> open = new HashSet<>();
        /** The files its events name (an integrity change, an audit finding). */
        final Set<String> paths = new HashSet<>();
        /** Every problem it holds, open or recovered (what {@code byFingerprint} points here for). */
        final Set<String> fingerprints = new HashSet<>();
        /** The host it is indexed under in {@code byHost} (its incident's host when last indexed). */
        String indexedHost;
        Instant last;

        Active(Incident incident, Instant last) {
            this.incident = incident;
            this.last = last;
        }
    }

    private final IncidentStore store;
    private volatile Windows windows;
    /** Hosts whose problems belong together (a service on one depends on the other), both ways. */
    private volatile Map<String, Set<String>> related = Map.of();
    private final Map<Long, Active> active = new LinkedHashMap<>();
    private final Map<String, Long> byFingerprint = new HashMap<>();
    /** The open incidents by host: an event looks at its host's (and related hosts'), not at every open incident. */
    private final Map<String, Set<Active>> byHost = new HashMap<>();
    /** The last resolved incident per host, to link a problem that comes back soon after. */
    private final Map<String, Incident> lastResolved = new HashMap<>();
    /** Problems seen lately (fingerprint → when, newest last), for finding those that recur with a pattern. */
    private final Map<String, ArrayDeque<Seen>> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Seen>> eldest) {
            return size() > SEEN_PROBLEMS;
        }
    };
    /** What this run of events changed, written at once by {@link #flush} (one transaction, not two per event). */
    private final Map<Long, Incident> pendingUpdates = new LinkedHashMap<>();
    private final List<IncidentStore.Attached> pendingAttached = new ArrayList<>();
    /** The last event read (the cursor {@link #flush} writes). */
    private long lastRead;
    /** Problems linked to a recurring pattern: in its window they join its incident. */
    private final Map<String, Recurring> recurring = new HashMap<>();

    /** Distinct problems remembered, and occurrences of each: enough for six weeks of a weekly pattern. */
    private static final int SEEN_PROBLEMS = 4096;
    private static final int SEEN_EACH = 32;
    /** How far around a pattern's window an occurrence still counts (a burst just before the backup starts). */
    private static final Duration SLACK = Duration.ofMinutes(15);
    private static final Duration LOOK_BACK = Duration.ofDays(42);

    private record Seen(Instant when, long incident, String title, String host) {}

    private record Recurring(long incident, Window window) {}

    /** A pattern's window: every {@code day} (every day when null) from {@code from} to {@code to}, in {@code zone}. */
    record Window(DayOfWeek day, LocalTime from, LocalTime to, ZoneId zone) {
        /** The window a pattern event names in its tags, or null when it names none. */
        static Window of(Map<String, String> tags) {
            try {
                String day = tags.get("pattern_day");
                if (day == null) {
                    return null;
                }
                return new Window(day.equals("daily") ? null : DayOfWeek.valueOf(day), LocalTime.parse(tags.get("pattern_from")),
                        LocalTime.parse(tags.get("pattern_to")), ZoneId.of(tags.getOrDefault("pattern_zone", "UTC")));
            } catch (RuntimeException e) {
                return null; // a pattern without a readable window links nothing
            }
        }

        /** Whether {@code t} falls in the window, give or take {@link #SLACK} (across midnight too: 23:55 is near 00:05). */
        boolean contains(Instant t) {
            ZonedDateTime z = t.atZone(zone);
            int minute = z.toLocalTime().toSecondOfDay() / 60;
            long low = from.toSecondOfDay() / 60 - SLACK.toMinutes();
            long high = to.toSecondOfDay() / 60 + SLACK.toMinutes();
            for (int shift = -1; shift <= 1; shift++) { // t read as late on the day before the window's, or early on the day after
                long m = minute + shift * 1440L;
                if (m >= low && m <= high && (day == null || z.minusDays(shift).getDayOfWeek() == day)) {
                    return true;
                }
            }
            return false;
        }

        /** The week (or day, for a daily window) an occurrence belongs to. */
        long period(Instant t) {
            long epochDay = t.atZone(zone).toLocalDate().toEpochDay();
            return day == null ? epochDay : Math.floorDiv(epochDay + 3, 7); // weeks from Monday
        }

        String describe() {
            return (day == null ? "every day" : "every " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH)) + " " + from + "–" + to;
        }
    }

    /** Picks up the open incidents from the store (after a restart their parts are known again). */
    public Correlator(IncidentStore store, Windows windows) {
        this.store = store;
        this.windows = windows;
        for (Incident i : store.active()) {
            Active a = new Active(i, i.updated());
            for (Member m : store.members(i.id())) {
                track(a, m.kind(), m.severity(), m.fingerprint());
                byFingerprint.put(m.fingerprint(), i.id());
                a.fingerprints.add(m.fingerprint());
            }
            active.put(i.id(), a);
            index(a);
        }
    }

    /** Recalls the problems of the weeks before {@code now}, so a pattern reported again after a restart finds what recurred with it. */
    public synchronized void recall(Instant now) {
        for (IncidentStore.Attached p : store.problemsSince(now.minus(LOOK_BACK), SEEN_PROBLEMS * 4)) {
            Member m = p.member();
            remember(m.fingerprint(), new Seen(m.at(), p.incident(), m.title(), m.host()));
        }
    }

    public void windows(Windows next) {
        this.windows = next;
    }

    /** The hosts related by {@code depends_on} (from the checks' config), each with the hosts it is related to. */
    public void relate(Map<String, Set<String>> hosts) {
        Map<String, Set<String>> copy = new HashMap<>();
        hosts.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.related = Map.copyOf(copy);
    }

    /** Whether {@code host}'s problems may join an incident about {@code other}: the same host, or related to it. */
    private boolean sameStory(String host, String other) {
        return host.equals(other) || related.getOrDefault(host, Set.of()).contains(other);
    }

    /**
     * Reads one event of the log (in order, each once: attaching moves the store's cursor with it); answers the
     * incident it joined or opened, if any.
     */
    public synchronized Optional<Incident> accept(long id, Event e) {
        lastRead = Math.max(lastRead, id);
        boolean recovery = e.kind() == EventKind.RECOVERY || e.kind() == EventKind.FLAPPING_STOP
                || e.kind() == EventKind.PROBLEM && e.severity() == Severity.OK;
        if (recovery || e.kind() == EventKind.ACKNOWLEDGED) {
            Long incident = byFingerprint.get(e.fingerprint());
            if (incident == null) {
                return Optional.empty();
            }
            return Optional.of(join(active.get(incident), id, e));
        }
        boolean problem = (e.kind() == EventKind.PROBLEM || e.kind() == EventKind.FLAPPING_START)
                && e.severity().compareTo(Severity.WARNING) >= 0;
        Long same = byFingerprint.get(e.fingerprint());
        if (same != null) {
            return Optional.of(join(active.get(same), id, e));
        }
        Optional<Incident> joined = problem ? again(id, e) : Optional.empty();
        if (joined.isEmpty() && e.kind() == EventKind.PATTERN) {
            joined = recurringWith(id, e);
        }
        return joined.isPresent() ? joined : placed(id, e, problem);
    }

    /** Where an event goes by the host, security and window rules (the same problem and recurring ones are placed). */
    private Optional<Incident> placed(long id, Event e, boolean problem) {
        if (problem && leak(e)) {
            Active a = e.host() == null ? null : related(e);
            if (a == null) {
                a = security(e.host(), e.when());
            }
            if (a == null) {
                a = opened(id, e, Incident.Kind.SECURITY);
            }
            a.incident = secure(a.incident, e.host(), false);
            index(a);
            return Optional.of(join(a, id, e));
        }
        if (problem && intrusion(e)) {
            Active a = security(e.host(), e.when());
            if (a != null) {
                a.incident = secure(a.incident, e.host(), true);
                index(a);
                return Optional.of(join(a, id, e));
            }
        }
        Active a = samePath(e);
        if (a == null) {
            a = related(e);
        }
        if (a != null) {
            return Optional.of(join(a, id, e));
        }
        if (!problem || e.suppression() != null) {
            return Optional.empty(); // context without a problem to belong to, or a problem someone already silenced
        }
        return Optional.of(join(opened(id, e, Incident.Kind.GROUPED), id, e));
    }

    /** A problem linked to a recurring pattern, back in its window: it joins the recurring incident, reopened if need be. */
    private Optional<Incident> again(long id, Event e) {
        Recurring r = recurring.get(e.fingerprint());
        if (r == null || !r.window().contains(e.when())) {
            return Optional.empty();
        }
        Active a = active.containsKey(r.incident()) ? active.get(r.incident()) : reopened(r.incident());
        return a == null ? Optional.empty() : Optional.of(join(a, id, e));
    }

    /**
     * A recurring pattern: the problems that happened in its window in at least three different weeks are linked to
     * it, and the incident of the latest of them becomes the recurring incident, with the pattern in it.
     */
    private Optional<Incident> recurringWith(long id, Event e) {
        Window w = Window.of(e.tags());
        if (w == null) {
            return Optional.empty();
        }
        Instant since = e.when().minus(LOOK_BACK);
        List<String> linked = new ArrayList<>();
        Seen latest = null;
        for (var entry : seen.entrySet()) {
            Set<Long> periods = new HashSet<>();
            Seen last = null;
            for (Seen s : entry.getValue()) {
                if (s.when().isAfter(since) && w.contains(s.when())) {
                    periods.add(w.period(s.when()));
                    last = s;
                }
            }
            if (periods.size() >= 3) {
                linked.add(entry.getKey());
                latest = latest == null || last.when().isAfter(latest.when()) ? last : latest;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        Active a = active.containsKey(latest.incident()) ? active.get(latest.incident()) : reopened(latest.incident());
        if (a == null) {
            return Optional.empty();
        }
        Incident i = a.incident;
        // The pattern's own title repeats the window: the title names what it spikes, where, and the process on top.
        String spike = e.tags().containsKey("series") ? "the " + e.tags().get("series") + " spike" : e.title();
        String title = "Recurring " + w.describe() + ": " + latest.title() + ", with " + spike
                + (e.host() == null || e.host().equals(latest.host()) ? "" : " on " + e.host())
                + (e.tags().containsKey("process") ? " (top process: " + e.tags().get("process") + ")" : "");
        a.incident = i.with(title, i.severity(), i.state(), Incident.Kind.RECURRING, i.host(), i.updated(), i.resolved(), i.events(), i.note());
        for (String fingerprint : linked) {
            recurring.put(fingerprint, new Recurring(i.id(), w));
        }
        return Optional.of(join(a, id, e));
    }

    /** A resolved incident taken up again (a recurring one whose problem is back). */
    private Active reopened(long id) {
        Incident i = pendingUpdates.containsKey(id) ? pendingUpdates.get(id) : store.get(id).orElse(null);
        if (i == null) {
            return null;
        }
        Active a = new Active(i.with(i.title(), i.severity(), IncidentState.OPEN, i.kind(), i.host(), i.updated(), null, i.events(), i.note()),
                i.updated());
        active.put(id, a);
        index(a);
        return a;
    }

    private void remember(Event e, long incident) {
        remember(e.fingerprint(), new Seen(e.when(), incident, e.title(), e.host()));
    }

    private void remember(String fingerprint, Seen occurrence) {
        ArrayDeque<Seen> times = seen.computeIfAbsent(fingerprint, k -> new ArrayDeque<>());
        times.addLast(occurrence);
        while (times.size() > SEEN_EACH) {
            times.removeFirst();
        }
    }

    /** A finding with secrets in it: credentials are out. */
    static boolean leak(Event e) {
        return e.source().equals("threat") && !e.tags().getOrDefault("secrets", "0").equals("0");
    }

    /** What someone holding leaked credentials does: tries them (a brute force), logs in, changes files. */
    static boolean intrusion(Event e) {
        if (e.source().equals("integrity")) {
            return true;
        }
        List<String> groups = Arrays.asList(e.tags().getOrDefault("groups", "").split(","));
        return e.source().equals("logs") && (groups.contains("authentication_success") || groups.contains("authentication_failures"));
    }

    /**
     * The open incident of the event's host that names the same file. A path may be written from the machine's root
     * or from a mounted copy's ({@code /srv/shop} and {@code /mnt/web1/srv/shop}): one ending with the other is the same.
     */
    private Active samePath(Event e) {
        String path = pathOf(e);
        if (e.host() == null || path == null) {
            return null;
        }
        for (Active a : byHost.getOrDefault(e.host(), Set.of())) {
            for (String p : a.paths) {
                if (p.equals(path) || p.endsWith(path) || path.endsWith(p)) {
                    return a;
                }
            }
        }
        return null;
    }

    /** The absolute file an event is about (its {@code path} tag), or null; "/" names no file in particular. */
    private static String pathOf(Event e) {
        String path = e.tags().get("path");
        return path != null && path.length() > 1 && path.startsWith("/") ? path : null;
    }

    /** The open incident of the event's host (or a related host's) whose last event is within the window. */
    private Active related(Event e) {
        if (e.host() == null) {
            return null;
        }
        Active best = null;
        for (String host : storyOf(e.host())) {
            for (Active a : byHost.getOrDefault(host, Set.of())) {
                if (!a.last.isBefore(e.when().minus(windows.related())) && (best == null || a.last.isAfter(best.last))) {
                    best = a;
                }
            }
        }
        return best;
    }

    /** The host and the hosts related to it. */
    private Set<String> storyOf(String host) {
        Set<String> others = related.get(host);
        if (others == null || others.isEmpty()) {
            return Set.of(host);
        }
        Set<String> all = new HashSet<>(others);
        all.add(host);
        return all;
    }

    /** Files an open incident under its host (again, when its host was just learned). */
    private void index(Active a) {
        if (a.indexedHost != null && a.indexedHost.equals(a.incident.host())) {
            return;
        }
        unindex(a);
        if (a.incident.host() != null) {
            byHost.computeIfAbsent(a.incident.host(), h -> new HashSet<>()).add(a);
            a.indexedHost = a.incident.host();
        }
    }

    private void unindex(Active a) {
        if (a.indexedHost != null) {
            Set<Active> set = byHost.get(a.indexedHost);
            if (set != null) {
                set.remove(a);
                if (set.isEmpty()) {
                    byHost.remove(a.indexedHost);
                }
            }
            a.indexedHost = null;
        }
    }

    /** The open security incident a host's event (or a host-less one) belongs to, within the security window. */
    private Active security(String host, Instant at) {
        Active best = null;
        for (Active a : active.values()) {
            Incident i = a.incident;
            boolean hostFits = host == null || i.host() == null || sameStory(host, i.host());
            if (i.kind() == Incident.Kind.SECURITY && hostFits && !a.last.isBefore(at.minus(windows.security()))
                    && (best == null || a.last.isAfter(best.last))) {
                best = a;
            }
        }
        return best;
    }

    private Active opened(long id, Event e, Incident.Kind kind) {
        Incident before = e.host() == null ? null : lastResolved.get(e.host());
        long follows = before != null && before.resolved() != null && !before.resolved().isBefore(e.when().minus(windows.related()))
                ? before.id() : 0;
        Incident i = store.open(new Incident(0, e.title(), e.severity(), IncidentState.OPEN, kind, e.host(), e.when(), e.when(), null, id, 0,
                follows, ""));
        Active a = new Active(i, e.when());
        active.put(i.id(), a);
        index(a);
        return a;
    }

    private static Incident secure(Incident i, String host, boolean used) {
        String where = host != null ? host : i.host();
        String title = used ? "Security: leaked credentials, then " + "activity on " + where
                : i.kind() == Incident.Kind.SECURITY && i.title().startsWith("Security:") ? i.title()
                : "Security: credentials leaked" + (where == null ? "" : " (" + where + ")");
        return i.with(title, i.severity(), i.state(), Incident.Kind.SECURITY, i.host() == null ? host : i.host(), i.updated(), i.resolved(),
                i.events(), i.note());
    }

    private Incident join(Active a, long id, Event e) {
        track(a, e.kind(), e.severity(), e.fingerprint());
        String path = pathOf(e);
        if (path != null) {
            a.paths.add(path);
        }
        byFingerprint.put(e.fingerprint(), a.incident.id());
        a.fingerprints.add(e.fingerprint());
        if (e.when().isAfter(a.last)) {
            a.last = e.when();
        }
        Incident i = a.incident;
        Severity severity = e.severity().compareTo(i.severity()) > 0 && e.kind() != EventKind.RECOVERY ? e.severity() : i.severity();
        boolean done = a.open.isEmpty();
        IncidentState state = done ? IncidentState.RESOLVED : i.state();
        i = i.with(i.title(), severity, state, i.kind(), i.host(), a.last, done ? e.when() : null, i.events() + 1, i.note());
        pendingUpdates.put(i.id(), i);
        if (e.kind() == EventKind.PROBLEM && e.severity().compareTo(Severity.WARNING) >= 0) {
            remember(e, i.id());
        }
        pendingAttached.add(new IncidentStore.Attached(i.id(), new Member(id, e.when(), e.host(), e.source(), e.kind(), e.severity(), e.title(),
                cap(e.details()), e.fingerprint(), e.evidence())));
        a.incident = i;
        if (done) {
            close(a);
        }
        return i;
    }

    private static void track(Active a, EventKind kind, Severity severity, String fingerprint) {
        boolean recovered = kind == EventKind.RECOVERY || kind == EventKind.FLAPPING_STOP || kind == EventKind.PROBLEM && severity == Severity.OK;
        if (recovered) {
            a.open.remove(fingerprint);
        } else if ((kind == EventKind.PROBLEM || kind == EventKind.FLAPPING_START) && severity.compareTo(Severity.WARNING) >= 0) {
            a.open.add(fingerprint);
        }
    }

    private void close(Active a) {
        active.remove(a.incident.id());
        for (String f : a.fingerprints) {
            byFingerprint.remove(f, a.incident.id());
        }
        unindex(a);
        if (a.incident.host() != null) {
            lastResolved.put(a.incident.host(), a.incident);
        }
    }

    /**
     * Writes what the events read since the last flush changed, with the cursor past {@code cursor} (and them), in one
     * write; until then the store holds the previous run.
     */
    public synchronized void flush(long cursor) {
        lastRead = Math.max(lastRead, cursor);
        store.commit(List.copyOf(pendingUpdates.values()), List.copyOf(pendingAttached), lastRead);
        pendingUpdates.clear();
        pendingAttached.clear();
    }

    /** Acknowledges or resolves by hand; a resolved incident takes no more events (a new one opens, linked). */
    public synchronized Incident set(long id, IncidentState state, String note, Instant at) {
        flush(lastRead);
        Incident i = store.get(id).orElseThrow(() -> new java.util.NoSuchElementException("no incident " + id));
        if (!i.state().active()) {
            return i;
        }
        Incident next = i.with(i.title(), i.severity(), state, i.kind(), i.host(), at, state == IncidentState.RESOLVED ? at : null, i.events(),
                note);
        store.update(next);
        Active a = active.get(id);
        if (a != null) {
            a.incident = next;
            if (state == IncidentState.RESOLVED) {
                close(a);
            }
        }
        return next;
    }

    private static String cap(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000) + "…";
    }
}

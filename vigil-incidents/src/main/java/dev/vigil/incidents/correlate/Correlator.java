package dev.vigil.incidents.correlate;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.IncidentStore;
import dev.vigil.incidents.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 *   <li>anything else that goes wrong joins an open incident of its host whose last event is within the window,
 *       or opens one (linked to the host's incident resolved within the window, if any).</li>
 * </ol>
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
        Instant last;

        Active(Incident incident, Instant last) {
            this.incident = incident;
            this.last = last;
        }
    }

    private final IncidentStore store;
    private volatile Windows windows;
    private final Map<Long, Active> active = new LinkedHashMap<>();
    private final Map<String, Long> byFingerprint = new HashMap<>();
    /** The last resolved incident per host, to link a problem that comes back soon after. */
    private final Map<String, Incident> lastResolved = new HashMap<>();

    /** Picks up the open incidents from the store (after a restart their parts are known again). */
    public Correlator(IncidentStore store, Windows windows) {
        this.store = store;
        this.windows = windows;
        for (Incident i : store.active()) {
            Active a = new Active(i, i.updated());
            for (Member m : store.members(i.id())) {
                track(a, m.kind(), m.severity(), m.fingerprint());
                byFingerprint.put(m.fingerprint(), i.id());
            }
            active.put(i.id(), a);
        }
    }

    public void windows(Windows next) {
        this.windows = next;
    }

    /**
     * Reads one event of the log (in order, each once: attaching moves the store's cursor with it); answers the
     * incident it joined or opened, if any.
     */
    public synchronized Optional<Incident> accept(long id, Event e) {
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
        if (problem && leak(e)) {
            Active a = e.host() == null ? null : related(e);
            if (a == null) {
                a = security(e.host(), e.when());
            }
            if (a == null) {
                a = opened(id, e, Incident.Kind.SECURITY);
            }
            a.incident = secure(a.incident, e.host(), false);
            return Optional.of(join(a, id, e));
        }
        if (problem && intrusion(e)) {
            Active a = security(e.host(), e.when());
            if (a != null) {
                a.incident = secure(a.incident, e.host(), true);
                return Optional.of(join(a, id, e));
            }
        }
        Active a = related(e);
        if (a != null) {
            return Optional.of(join(a, id, e));
        }
        if (!problem || e.suppression() != null) {
            return Optional.empty(); // context without a problem to belong to, or a problem someone already silenced
        }
        return Optional.of(join(opened(id, e, Incident.Kind.GROUPED), id, e));
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

    /** The open incident of the event's host whose last event is within the window. */
    private Active related(Event e) {
        if (e.host() == null) {
            return null;
        }
        Active best = null;
        for (Active a : active.values()) {
            if (e.host().equals(a.incident.host()) && !a.last.isBefore(e.when().minus(windows.related()))
                    && (best == null || a.last.isAfter(best.last))) {
                best = a;
            }
        }
        return best;
    }

    /** The open security incident a host's event (or a host-less one) belongs to, within the security window. */
    private Active security(String host, Instant at) {
        Active best = null;
        for (Active a : active.values()) {
            Incident i = a.incident;
            boolean hostFits = host == null || i.host() == null || host.equals(i.host());
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
        byFingerprint.put(e.fingerprint(), a.incident.id());
        if (e.when().isAfter(a.last)) {
            a.last = e.when();
        }
        Incident i = a.incident;
        Severity severity = e.severity().compareTo(i.severity()) > 0 && e.kind() != EventKind.RECOVERY ? e.severity() : i.severity();
        boolean done = a.open.isEmpty();
        IncidentState state = done ? IncidentState.RESOLVED : i.state();
        i = i.with(i.title(), severity, state, i.kind(), i.host(), a.last, done ? e.when() : null, i.events() + 1, i.note());
        store.update(i);
        store.attach(i.id(), new Member(id, e.when(), e.host(), e.source(), e.kind(), e.severity(), e.title(), cap(e.details()),
                e.fingerprint(), e.evidence()));
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
        byFingerprint.values().removeIf(v -> v == a.incident.id());
        if (a.incident.host() != null) {
            lastResolved.put(a.incident.host(), a.incident);
        }
    }

    /** Acknowledges or resolves by hand; a resolved incident takes no more events (a new one opens, linked). */
    public synchronized Incident set(long id, IncidentState state, String note, Instant at) {
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

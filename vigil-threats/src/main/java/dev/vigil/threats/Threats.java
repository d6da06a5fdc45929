package dev.vigil.threats;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.Scheduler;
import dev.vigil.threats.config.ThreatPlan;
import dev.vigil.threats.detect.Detector;
import dev.vigil.threats.detect.GitleaksRules;
import dev.vigil.threats.source.Site;
import dev.vigil.threats.source.SourcePlan;
import dev.vigil.threats.source.SourceRun;
import dev.vigil.threats.source.SourceStatus;
import dev.vigil.threats.source.Sources;
import dev.vigil.threats.source.Web;
import dev.vigil.threats.triage.Change;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.Inspector;
import dev.vigil.threats.triage.ThreatStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaks, running: the configured sources on their schedules, every http check's response body, one
 * {@link Inspector} judging what they bring, findings stored once per content, and an event (source
 * {@code threat}) for each new finding at or above {@code alert_at}. Closing a finding in triage closes its
 * problem.
 */
public final class Threats implements AutoCloseable {
    public static final String EVENT_SOURCE = "threat";
    public static final String CHECK_SOURCE = "http-check";
    private static final Logger log = LoggerFactory.getLogger(Threats.class);

    private final Scheduler scheduler;
    private final Executor workers;
    private final EventLog events;
    private final ThreatStore store;
    private final HttpClient http;
    private final Object judging = new Object();
    private final AtomicLong bodies = new AtomicLong();
    private final AtomicLong bodyFindings = new AtomicLong();
    private volatile ThreatPlan plan = ThreatPlan.DEFAULT;
    private volatile Inspector inspector;
    private volatile Map<String, SourceRun> runs = Map.of();
    private volatile List<String> problems = List.of();
    private volatile Instant lastBody;
    /** The allow-listed secret hashes, kept here: every check's body is judged against them. */
    private volatile java.util.Set<String> allowed = java.util.Set.of();
    private Detector builtIn;

    public Threats(Scheduler scheduler, Executor workers, EventLog events, ThreatStore store, HttpClient http) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.events = events;
        this.store = store;
        this.http = http;
    }

    public ThreatPlan plan() {
        return plan;
    }

    /** What is wrong with the configuration as applied (a rules file that did not load). */
    public List<String> problems() {
        return problems;
    }

    /**
     * Starts the plan's sources (replacing the previous ones: a source of the same name resumes where it was),
     * and raises the events of findings stored just before a crash.
     *
     * @param ownSites every http check's site, for the exposure probe, read at each of its runs
     */
    public synchronized void apply(ThreatPlan next, Supplier<List<Site>> ownSites) {
        List<String> trouble = new ArrayList<>();
        Detector detector = detector(next, trouble);
        allowed = store.allowed();
        inspector = new Inspector(detector, next.watch(), () -> allowed);
        plan = next;
        problems = List.copyOf(trouble);
        runs.values().forEach(SourceRun::stop);
        Map<String, SourceRun> started = new LinkedHashMap<>();
        for (SourcePlan p : next.sources()) {
            SourceRun run = new SourceRun(p, Sources.create(p, ownSites), new Web(http, scheduler.clock(), p.gap()), scheduler, workers,
                    store, () -> inspector.watch(), d -> inspect(d).isPresent());
            started.put(p.name(), run);
            run.start(Duration.ofSeconds(2));
        }
        runs = Map.copyOf(started);
        for (Finding f : store.unraised()) {
            raise(f);
        }
    }

    private Detector detector(ThreatPlan next, List<String> trouble) {
        if (next.rules() != null) {
            try {
                return GitleaksRules.parse(Files.readString(next.rules()));
            } catch (IOException e) {
                trouble.add("cannot read the rules file " + next.rules().getFileName() + "; the built-in rules are used");
            } catch (GitleaksRules.Invalid e) {
                trouble.add("the rules file " + next.rules().getFileName() + " is not valid (" + e.getMessage()
                        + "); the built-in rules are used");
            }
        }
        if (builtIn == null) {
            builtIn = GitleaksRules.builtIn();
        }
        return builtIn;
    }

    /**
     * Judges a document and stores what it finds: a new finding (raising its event), or a new sighting of a
     * known one (nothing raised, unless an own site shows again what was resolved: that reopens it). Answers the
     * finding when it is new.
     */
    public Optional<Finding> inspect(Document doc) {
        Inspector judge = inspector;
        if (judge == null) {
            return Optional.empty();
        }
        Instant now = scheduler.clock().instant();
        Optional<Finding> judged = judge.inspect(doc, now);
        if (judged.isEmpty()) {
            return Optional.empty();
        }
        Finding stored;
        synchronized (judging) { // one finding per key, even when two sources bring the same content at once
            Optional<Finding> known = store.byKey(judged.get().key());
            if (known.isPresent()) {
                store.seenAgain(known.get().id(), now);
                if (doc.own() && known.get().state() == FindingState.RESOLVED) {
                    // Fixed, and now back on our own site (the error page prints the password again): that needs someone.
                    triage(known.get().id(), FindingState.NEW, null, null, "seen again after it was resolved", false, "vigil");
                }
                return Optional.empty();
            }
            stored = store.add(judged.get());
        }
        raise(stored);
        return Optional.of(stored);
    }

    /**
     * An http check's response: its body is judged like a page of an own site (any secret in it is a finding),
     * then dropped. The story's 503 page that prints the database password lands here.
     */
    public void inspectResponse(String host, String service, URI url, int status, String body) {
        if (!plan.checkBodies() || body.isEmpty()) {
            return;
        }
        bodies.incrementAndGet();
        lastBody = scheduler.clock().instant();
        String title = (status >= 500 ? "Error page (" + status + ")" : "Page (" + status + ")") + " of " + host + "/" + service;
        if (inspect(Document.ownSite(CHECK_SOURCE, service, url.toString(), title, body, host, service)).isPresent()) {
            bodyFindings.incrementAndGet();
        }
    }

    /**
     * Appends a new finding's event (when it is at or above {@code alert_at}) and marks it raised, once: a reload
     * raising what a crash left unraised may meet a source raising the finding it just stored.
     */
    private void raise(Finding f) {
        synchronized (judging) {
            if (store.get(f.id()).map(Finding::raised).orElse(true)) {
                return;
            }
            raiseOnce(f);
        }
    }

    private void raiseOnce(Finding f) {
        if (f.severity().compareTo(plan.alertAt()) >= 0) {
            Event e = Event.of(EventKind.PROBLEM, f.firstSeen(), f.host(), EVENT_SOURCE, f.severity().severity(), f.title(),
                            fingerprint(f))
                    .withDetails((f.url() == null ? "" : "Seen at " + f.url() + "\n") + f.excerpt())
                    .withEvidence(List.of(EvidenceLink.threat(f.id())))
                    .withTags(tags(f));
            events.append(List.of(e));
        }
        store.raised(f.id());
    }

    private static Map<String, String> tags(Finding f) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("finding", Long.toString(f.id()));
        t.put("threat_source", f.source());
        t.put("finding_severity", f.severity().id());
        t.put("secrets", Integer.toString(f.secrets().size())); // credentials out: incidents chain what follows to it
        if (f.service() != null) {
            t.put("service", f.service());
        }
        return t;
    }

    private static String fingerprint(Finding f) {
        return "threat:" + f.id();
    }

    public List<Finding> findings(ThreatStore.Filter filter) {
        return store.list(filter);
    }

    public Optional<Finding> finding(long id) {
        return store.get(id);
    }

    public List<Change> history(long id) {
        return store.history(id);
    }

    /**
     * A triage step by {@code who}: what is not null changes, and a comment is added. Closing a finding (false
     * positive, resolved) closes its problem; reopening one raises it again. With {@code allow}, its secrets are
     * allow-listed by their hashes and never make a finding again.
     */
    public Finding triage(long id, FindingState state, String assignee, List<String> tags, String comment, boolean allow, String who) {
        Finding before = store.get(id).orElseThrow(() -> new NoSuchElementException("no finding " + id));
        Instant now = scheduler.clock().instant();
        if (allow) {
            for (String sha : before.secrets()) {
                store.allow(sha, who, "finding #" + id, now);
            }
            allowed = store.allowed();
        }
        Finding after = store.update(id, state, assignee, tags, allow ? join(comment, "secrets allow-listed") : comment, who, now);
        boolean alerted = before.severity().compareTo(plan.alertAt()) >= 0;
        if (alerted && before.state().closed() != after.state().closed()) {
            Event e = after.state().closed()
                    ? Event.of(EventKind.RECOVERY, now, after.host(), EVENT_SOURCE, Severity.OK,
                            after.title() + " (" + after.state().id().replace('_', ' ') + " by " + who + ")", fingerprint(after))
                    : Event.of(EventKind.PROBLEM, now, after.host(), EVENT_SOURCE, after.severity().severity(),
                            after.title() + " (reopened by " + who + ")", fingerprint(after));
            events.append(List.of(e.withEvidence(List.of(EvidenceLink.threat(id))).withTags(tags(after))));
        }
        return after;
    }

    private static String join(String comment, String note) {
        return comment == null || comment.isBlank() ? note : comment + " (" + note + ")";
    }

    /** Every source's state, and the http checks' bodies as one more row. */
    public List<SourceStatus> sources() {
        List<SourceStatus> out = new ArrayList<>();
        runs.values().forEach(r -> out.add(r.status()));
        if (plan.checkBodies()) {
            out.add(new SourceStatus(CHECK_SOURCE, CHECK_SOURCE, "", null, lastBody, null, bodies.get(), bodyFindings.get(), ""));
        }
        return out;
    }

    /** Runs a source now, on this thread (the sources page's "run now", tests). */
    public void runNow(String name) {
        SourceRun run = runs.get(name);
        if (run == null) {
            throw new NoSuchElementException("no source named " + name);
        }
        run.runOnce();
    }

    @Override
    public synchronized void close() {
        runs.values().forEach(SourceRun::stop);
        runs = Map.of();
        log.debug("threat sources stopped");
    }
}

package dev.vigil.logs;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.PrivateFiles;
import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.core.text.LogText;
import dev.vigil.core.time.Scheduler;
import dev.vigil.logs.config.LogsPlan;
import dev.vigil.logs.input.FileInput;
import dev.vigil.logs.input.JournalInput;
import dev.vigil.logs.input.LogInput;
import dev.vigil.logs.input.SyslogInput;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.search.LogIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs capability: the pipeline and its index, the inputs the {@code logs:} section names, the ruleset,
 * saved searches that alert, and the index retention. A reload stops the inputs, loads the new ruleset (a
 * ruleset that does not load keeps the running one, with the errors reported) and starts the new inputs;
 * file offsets carry on.
 */
public final class Logs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Logs.class);

    private final Scheduler scheduler;
    private final Executor workers;
    private final Path data;
    private final EventLog events;
    private final SavedSearchStore stored;
    private final LogStore index;
    private final LogPipeline pipeline;
    private volatile LogsPlan plan = LogsPlan.EMPTY;
    private volatile List<String> problems = List.of();
    private final Map<String, Boolean> savedFiring = new HashMap<>();
    private volatile boolean closed;
    private final Map<SyslogKey, SyslogInput> syslog = new HashMap<>();
    private volatile Map<String, String> failing = Map.of();

    /**
     * @param data the data directory: the index, file offsets and the journal cursor go under {@code data/logs}
     * @param stored the searches saved from the dashboard
     */
    public Logs(Scheduler scheduler, Executor workers, Path data, String localHost, EventLog events, SavedSearchStore stored) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.data = data;
        this.events = events;
        this.stored = stored;
        try {
            PrivateFiles.directory(data.resolve("logs")); // raw log lines: as private as the database
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder: " + e.getMessage(), e);
        }
        this.index = new LogIndex(data.resolve("logs").resolve("index"), LogsPlan.EMPTY.retention(), scheduler.clock());
        this.pipeline = new LogPipeline(List.of(Ruleset.builtIn()), index, new LogPipeline.Settings(7, Duration.ofHours(1), localHost),
                scheduler.clock(), ZoneId.systemDefault(), events::append);
    }

    public LogStore index() {
        return index;
    }

    public LogPipeline pipeline() {
        return pipeline;
    }

    public LogsPlan plan() {
        return plan;
    }

    /** Ruleset and input problems: why something is not being read or judged (for the dashboard). */
    public List<String> problems() {
        List<String> out = new ArrayList<>(problems);
        for (LogInput in : pipeline.inputs()) {
            if (in.problem() != null) {
                out.add(in.name() + ": " + in.problem());
            }
            if (in.dropped() > 0) {
                out.add(in.name() + ": " + in.dropped() + " messages dropped under overload");
            }
        }
        return out;
    }

    /** How many inputs are not reading now (a listener that died, a file that cannot be read). */
    public long inputsNotReading() {
        return pipeline.inputs().stream().filter(i -> i.problem() != null).count();
    }

    /** The searches saved from the dashboard. */
    public SavedSearchStore stored() {
        return stored;
    }

    /** The configured saved searches and those saved from the dashboard. */
    public List<LogsPlan.SavedSearch> savedSearches() {
        List<LogsPlan.SavedSearch> all = new ArrayList<>(plan.savedSearches());
        try {
            stored.list().forEach(x -> all.add(new LogsPlan.SavedSearch(x.name(), x.query(), x.threshold(), x.window())));
        } catch (RuntimeException e) {
            log.warn("saved searches could not be read: {}", e.getMessage());
        }
        return all;
    }

    /** Loads a configured ruleset; null (with the reason in {@code found}) when it cannot be used. */
    private static Ruleset load(LogsPlan.RulesetSource source, String what, List<String> found) {
        try {
            Ruleset rules = Ruleset.load(source.decoders(), source.rules(), new Ruleset.Options(source.strict(), source.exclude(),
                    source.dialect(), source.lists()));
            if (!rules.skipped().isEmpty()) {
                found.add(rules.ruleCount() + " rules of " + what + " loaded; " + rules.skipped().size()
                        + " decoders or rules were skipped (vigil logtest with the same --decoders and --rules lists them)");
            }
            return rules;
        } catch (Ruleset.Invalid e) {
            found.add(what + " does not load; it is left out: " + String.join("; ", e.problems.subList(0, Math.min(5, e.problems.size())))
                    + (e.problems.size() > 5 ? "; and " + (e.problems.size() - 5) + " more" : ""));
        } catch (IOException e) {
            found.add("cannot read " + what + " (" + e.getMessage() + "); it is left out");
        }
        return null;
    }

    /** @param tls where syslog over TLS gets its keys; null when the server has none */
    public void start(LogsPlan first, String localHost, SyslogTls tls) {
        pipeline.start();
        apply(first, localHost, tls);
        scheduleSavedSearches();
        scheduleInputWatch();
        schedulePruning(Duration.ofMinutes(1));
    }

    /**
     * Applies a (re)loaded {@code logs:} section. Returns the syslog listeners that could not bind (empty when
     * all listen); the rest of the section is applied either way.
     */
    public synchronized List<String> apply(LogsPlan next, String localHost, SyslogTls tls) {
        List<String> found = new ArrayList<>();
        Ruleset configured = next.ruleset() == null ? null : load(next.ruleset(), "the configured ruleset", found);
        Ruleset own = configured != null ? configured : Ruleset.builtIn();
        List<Ruleset> layers = new ArrayList<>(List.of(own));
        for (int i = 0; i < next.rulesets().size(); i++) {
            Ruleset stacked = load(next.rulesets().get(i), "ruleset " + (i + 1) + " of logs.rulesets", found);
            if (stacked != null) {
                layers.add(stacked);
            }
        }
        List<String> warnings = new ArrayList<>();
        layers.forEach(r -> warnings.addAll(r.warnings()));
        if (warnings.size() > 20) { // a large third-party set: the count here, the list from logtest
            found.addAll(warnings.subList(0, 20));
            found.add((warnings.size() - 20) + " more warnings about the ruleset (vigil logtest lists them all)");
        } else {
            found.addAll(warnings);
        }
        // A syslog listener whose settings did not change keeps its sockets: closing and rebinding the same
        // port on every reload raced with the closing threads ("Address already in use").
        Map<SyslogKey, SyslogInput> wanted = new HashMap<>();
        for (SyslogKey k : syslogKeys(next.syslog(), tls)) {
            SyslogInput running = syslog.get(k);
            if (running != null) {
                wanted.put(k, running);
            }
        }
        pipeline.stopInputs(in -> wanted.containsValue(in)); // the others are closed (and their ports free) on return
        syslog.keySet().retainAll(wanted.keySet());
        pipeline.apply(layers, new LogPipeline.Settings(next.alertLevel(), next.resolveAfter(), localHost));
        int n = 0;
        for (LogsPlan.FileSource f : next.files()) {
            pipeline.add(new FileInput(new FileInput.Settings(f.paths(), f.multiline(), f.fromBeginning(), 0),
                    data.resolve("logs").resolve("offsets-" + (n++) + ".json"), scheduler.clock()));
        }
        List<String> listenFailures = new ArrayList<>();
        for (SyslogKey k : syslogKeys(next.syslog(), tls)) {
            if (syslog.containsKey(k)) {
                continue;
            }
            SSLContext context = null;
            if (k.tls()) {
                if (tls == null) {
                    found.add("syslog over TLS is off: it needs server.tls (a certificate and key, or self_signed)");
                    continue;
                }
                try {
                    context = tls.context().call();
                } catch (Exception e) {
                    found.add("syslog over TLS is off: " + e.getMessage());
                    continue;
                }
            }
            SyslogInput in = new SyslogInput(new SyslogInput.Settings(k.bind(), k.udp(), k.tcp(), context, 0),
                    ZoneId.systemDefault(), scheduler.clock());
            pipeline.add(in);
            if (in.problem() != null) {
                listenFailures.add(in.problem());
            } else {
                syslog.put(k, in);
            }
        }
        boolean journal = next.journald() != null ? next.journald()
                : Files.isExecutable(Path.of("/usr/bin/journalctl")) && Files.isDirectory(Path.of("/run/systemd/journal"));
        if (journal) {
            pipeline.add(new JournalInput("/usr/bin/journalctl", data.resolve("logs").resolve("journal.cursor"),
                    ZoneId.systemDefault(), scheduler.clock()));
        }
        problems = List.copyOf(found);
        found.forEach(p -> log.warn("logs: {}", p));
        plan = next;
        watchInputs();
        return listenFailures;
    }

    /**
     * One syslog listener as configured: plain (UDP and TCP) or TLS (TCP only, with the server's keys, which
     * {@code keys} names so that new keys restart the listener).
     */
    private record SyslogKey(String bind, int udp, int tcp, boolean tls, Object keys) {}

    private static List<SyslogKey> syslogKeys(LogsPlan.SyslogSource s, SyslogTls tls) {
        if (s == null) {
            return List.of();
        }
        if (!s.tls()) {
            return List.of(new SyslogKey(s.bind(), s.udp(), s.tcp(), false, null));
        }
        List<SyslogKey> keys = new ArrayList<>();
        if (s.udp() >= 0) {
            keys.add(new SyslogKey(s.bind(), s.udp(), -1, false, null));
        }
        keys.add(new SyslogKey(s.bind(), -1, s.tcp(), true, tls == null ? null : tls.identity()));
        return keys;
    }

    /**
     * An input that stops reading (a listener that died, a file that cannot be read) is an event, and its
     * recovery another: nobody watches a log page for a source that went quiet.
     */
    public synchronized void watchInputs() {
        Instant now = scheduler.clock().instant();
        Map<String, String> current = new HashMap<>();
        for (LogInput in : pipeline.inputs()) {
            if (in.problem() != null) {
                current.put(in.name(), in.problem());
            }
        }
        List<Event> out = new ArrayList<>();
        for (var e : current.entrySet()) {
            if (!e.getValue().equals(failing.get(e.getKey()))) {
                out.add(inputEvent(e.getKey(), e.getValue(), now));
            }
        }
        for (String name : failing.keySet()) {
            if (!current.containsKey(name)) {
                out.add(inputEvent(name, null, now));
            }
        }
        failing = current;
        if (!out.isEmpty()) {
            events.append(out);
        }
    }

    /** The inputs not reading now, by name (for /healthz and the dashboard). */
    public Map<String, String> failingInputs() {
        return Map.copyOf(failing);
    }

    private static Event inputEvent(String input, String problem, Instant now) {
        return Event.of(problem != null ? EventKind.PROBLEM : EventKind.RECOVERY, now, null, "logs",
                problem != null ? Severity.CRITICAL : Severity.OK,
                problem != null ? "log input not reading: " + input : "log input reading again: " + input,
                Event.fingerprint("logs", "input", input))
                .withDetails(problem == null ? "" : problem)
                .withTags(Map.of("service", "logs", "input", input));
    }

    /** Every minute: an input that stopped reading (a listener that died, a file gone unreadable) becomes an event. */
    private void scheduleInputWatch() {
        scheduler.schedule(scheduler.clock().instant().plus(Duration.ofMinutes(1)), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            try {
                watchInputs();
            } catch (RuntimeException e) {
                log.warn("watching log inputs failed: {}", e.getMessage());
            }
            scheduleInputWatch();
        }));
    }

    /** Every minute: saved searches with a threshold raise an event while they match more often than it. */
    private void scheduleSavedSearches() {
        scheduler.schedule(scheduler.clock().instant().plus(Duration.ofMinutes(1)), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            evaluateSavedSearches();
            scheduleSavedSearches();
        }));
    }

    /** Counts each saved search's matches in its window; crossing its threshold raises or closes an event. */
    public synchronized void evaluateSavedSearches() {
        Instant now = scheduler.clock().instant();
        List<Event> out = new ArrayList<>();
        for (LogsPlan.SavedSearch s : savedSearches()) {
            if (s.threshold() <= 0) {
                continue;
            }
            try {
                long n = index.count(s.query(), now.minus(s.window()), now);
                boolean over = n > s.threshold();
                if (over != savedFiring.getOrDefault(s.name(), false)) {
                    savedFiring.put(s.name(), over);
                    out.add(savedSearchEvent(s, n, over, now));
                }
            } catch (IOException | IllegalArgumentException e) {
                log.warn("saved search '{}' failed: {}", LogText.safe(s.name()), LogText.safe(e.getMessage()));
            }
        }
        if (!out.isEmpty()) {
            events.append(out);
        }
    }

    static Event savedSearchEvent(LogsPlan.SavedSearch s, long n, boolean over, Instant now) {
        String window = Durations.format(s.window());
        String title = over ? "'" + s.name() + "': " + n + " log lines in " + window + " (more than " + s.threshold() + ")"
                : "'" + s.name() + "' is back under " + s.threshold() + " lines in " + window;
        return Event.of(over ? EventKind.PROBLEM : EventKind.RECOVERY, now, null, "logs",
                over ? Severity.WARNING : Severity.OK,
                title,
                Event.fingerprint("logs", "saved-search", s.name()))
                .withDetails("query: " + s.query())
                .withEvidence(List.of(EvidenceLink.logs("the matching lines", s.query(), now.minus(s.window()), now)))
                .withTags(Map.of("service", "logs", "search", s.name()));
    }

    private void schedulePruning(Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed) {
                return;
            }
            try {
                int n = index.prune(plan.retention());
                if (n > 0) {
                    log.info("log index: dropped {} day(s) past the retention", n);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("log index pruning failed: {}", e.getMessage());
            }
            schedulePruning(Duration.ofHours(6));
        }));
    }

    @Override
    public void close() {
        closed = true;
        pipeline.close();
        index.close();
    }
}

package dev.vigil.server;

import dev.vigil.core.event.Event;
import dev.vigil.core.time.Scheduler;
import dev.vigil.logs.LogPipeline;
import dev.vigil.logs.config.LogsPlan;
import dev.vigil.logs.input.FileInput;
import dev.vigil.logs.input.JournalInput;
import dev.vigil.logs.input.LogInput;
import dev.vigil.logs.input.SyslogInput;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.search.LogIndex;
import dev.vigil.server.config.ServerSettings;
import dev.vigil.server.http.TlsKeys;
import java.io.IOException;
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
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs around the log pipeline: the inputs the {@code logs:} section names, the ruleset, saved searches
 * that alert, and the index retention. A reload stops the inputs, loads the new ruleset (a ruleset that does
 * not load keeps the running one, with the errors reported) and starts the new inputs; file offsets carry on.
 */
final class LogsRuntime {
    private static final Logger log = LoggerFactory.getLogger(LogsRuntime.class);

    private final Scheduler scheduler;
    private final Executor workers;
    private final Path data;
    private final Consumer<List<Event>> events;
    private final LogIndex index;
    private final LogPipeline pipeline;
    private volatile LogsPlan plan = LogsPlan.EMPTY;
    private volatile List<String> problems = List.of();
    private final Map<String, Boolean> savedFiring = new HashMap<>();
    private volatile java.util.function.Supplier<List<LogsPlan.SavedSearch>> stored = List::of;
    private volatile boolean closed;
    private final Map<SyslogKey, SyslogInput> syslog = new HashMap<>();
    private volatile Map<String, String> failing = Map.of();

    LogsRuntime(Scheduler scheduler, Executor workers, Path data, String localHost, Consumer<List<Event>> events) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.data = data;
        this.events = events;
        try {
            dev.vigil.core.PrivateFiles.directory(data.resolve("logs")); // raw log lines: as private as the database
        } catch (IOException e) {
            throw new dev.vigil.store.StoreException("cannot create the log folder: " + e.getMessage(), e);
        }
        this.index = new LogIndex(data.resolve("logs").resolve("index"), LogsPlan.EMPTY.retention(), scheduler.clock());
        this.pipeline = new LogPipeline(Ruleset.builtIn(), index, new LogPipeline.Settings(7, Duration.ofHours(1), localHost),
                scheduler.clock(), ZoneId.systemDefault(), events);
    }

    LogIndex index() {
        return index;
    }

    LogPipeline pipeline() {
        return pipeline;
    }

    LogsPlan plan() {
        return plan;
    }

    /** Ruleset and input problems: why something is not being read or judged (for the dashboard). */
    List<String> problems() {
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

    /** Where the searches saved from the dashboard come from (they alert like the configured ones). */
    void storedSearches(java.util.function.Supplier<List<LogsPlan.SavedSearch>> source) {
        this.stored = source;
    }

    /** The configured saved searches and those saved from the dashboard. */
    List<LogsPlan.SavedSearch> savedSearches() {
        List<LogsPlan.SavedSearch> all = new ArrayList<>(plan.savedSearches());
        try {
            all.addAll(stored.get());
        } catch (RuntimeException e) {
            log.warn("saved searches could not be read: {}", e.getMessage());
        }
        return all;
    }

    void start(LogsPlan first, ServerSettings server, String localHost) {
        pipeline.start();
        apply(first, server, localHost);
        scheduleSavedSearches();
        scheduleInputWatch();
        schedulePruning(Duration.ofMinutes(1));
    }

    /**
     * Applies a (re)loaded {@code logs:} section. Returns the syslog listeners that could not bind (empty when
     * all listen); the rest of the section is applied either way.
     */
    synchronized List<String> apply(LogsPlan next, ServerSettings server, String localHost) {
        List<String> found = new ArrayList<>();
        Ruleset rules = Ruleset.builtIn();
        if (next.decoders() != null) {
            try {
                rules = Ruleset.load(next.decoders(), next.rules());
            } catch (Ruleset.Invalid e) {
                found.add("the configured ruleset does not load; using the built-in one: " + String.join("; ", e.problems));
            } catch (IOException e) {
                found.add("cannot read the configured ruleset (" + e.getMessage() + "); using the built-in one");
            }
        }
        found.addAll(rules.warnings());
        // A syslog listener whose settings did not change keeps its sockets: closing and rebinding the same
        // port on every reload raced with the closing threads ("Address already in use").
        Map<SyslogKey, SyslogInput> wanted = new HashMap<>();
        for (SyslogKey k : syslogKeys(next.syslog(), server)) {
            SyslogInput running = syslog.get(k);
            if (running != null) {
                wanted.put(k, running);
            }
        }
        pipeline.stopInputs(in -> wanted.containsValue(in)); // the others are closed (and their ports free) on return
        syslog.keySet().retainAll(wanted.keySet());
        pipeline.apply(rules, new LogPipeline.Settings(next.alertLevel(), next.resolveAfter(), localHost));
        int n = 0;
        for (LogsPlan.FileSource f : next.files()) {
            pipeline.add(new FileInput(new FileInput.Settings(f.paths(), f.multiline(), f.fromBeginning(), 0),
                    data.resolve("logs").resolve("offsets-" + (n++) + ".json"), scheduler.clock()));
        }
        List<String> listenFailures = new ArrayList<>();
        for (SyslogKey k : syslogKeys(next.syslog(), server)) {
            if (syslog.containsKey(k)) {
                continue;
            }
            SSLContext tls = null;
            if (k.tls() != null) {
                try {
                    tls = tls(server);
                } catch (IOException | java.security.GeneralSecurityException | IllegalStateException e) {
                    found.add("syslog over TLS is off: " + e.getMessage());
                    continue;
                }
            }
            SyslogInput in = new SyslogInput(new SyslogInput.Settings(k.bind(), k.udp(), k.tcp(), tls, 0),
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

    /** One syslog listener as configured: plain (UDP and TCP) or TLS (TCP only, with the server's key). */
    private record SyslogKey(String bind, int udp, int tcp, dev.vigil.server.config.TlsSettings tls) {}

    private static List<SyslogKey> syslogKeys(LogsPlan.SyslogSource s, ServerSettings server) {
        if (s == null) {
            return List.of();
        }
        if (!s.tls()) {
            return List.of(new SyslogKey(s.bind(), s.udp(), s.tcp(), null));
        }
        List<SyslogKey> keys = new ArrayList<>();
        if (s.udp() >= 0) {
            keys.add(new SyslogKey(s.bind(), s.udp(), -1, null));
        }
        keys.add(new SyslogKey(s.bind(), -1, s.tcp(), server.tls()));
        return keys;
    }

    /**
     * An input that stops reading (a listener that died, a file that cannot be read) is an event, and its
     * recovery another: nobody watches a log page for a source that went quiet.
     */
    synchronized void watchInputs() {
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
            events.accept(out);
        }
    }

    /** The inputs not reading now, by name (for /healthz and the dashboard). */
    Map<String, String> failingInputs() {
        return Map.copyOf(failing);
    }

    private static Event inputEvent(String input, String problem, Instant now) {
        return new Event(now, null, "logs", problem != null ? "problem" : "recovery",
                problem != null ? dev.vigil.core.event.Severity.CRITICAL : dev.vigil.core.event.Severity.OK,
                problem != null ? "log input not reading: " + input : "log input reading again: " + input,
                problem == null ? "" : problem, Event.fingerprint("logs", "input", input), List.of(), null,
                Map.of("service", "logs", "input", input));
    }

    private void scheduleInputWatch() {
        scheduler.schedule(scheduler.clock().instant().plus(Duration.ofSeconds(10)), () -> workers.execute(() -> {
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

    /** The server's own certificate and key, for syslog over TLS (RFC 5425). */
    private SSLContext tls(ServerSettings server) throws IOException, java.security.GeneralSecurityException {
        if (server.tls() == null) {
            throw new IllegalStateException("it needs server.tls (a certificate and key, or self_signed)");
        }
        TlsKeys.Material m = TlsKeys.keyStore(server.tls(), server.data(), server.host());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(m.keyStore(), m.password());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
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
    synchronized void evaluateSavedSearches() {
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
                log.warn("saved search '{}' failed: {}", dev.vigil.core.text.LogText.safe(s.name()), dev.vigil.core.text.LogText.safe(e.getMessage()));
            }
        }
        if (!out.isEmpty()) {
            events.accept(out);
        }
    }

    static Event savedSearchEvent(LogsPlan.SavedSearch s, long n, boolean over, Instant now) {
        String window = dev.vigil.core.config.Durations.format(s.window());
        String title = over ? "'" + s.name() + "': " + n + " log lines in " + window + " (more than " + s.threshold() + ")"
                : "'" + s.name() + "' is back under " + s.threshold() + " lines in " + window;
        long from = now.minus(s.window()).getEpochSecond();
        return new Event(now, null, "logs", over ? "problem" : "recovery",
                over ? dev.vigil.core.event.Severity.WARNING : dev.vigil.core.event.Severity.OK, title, "query: " + s.query(),
                Event.fingerprint("logs", "saved-search", s.name()),
                List.of(new dev.vigil.core.event.EvidenceLink("the matching lines", "/logs?q="
                        + java.net.URLEncoder.encode(s.query(), java.nio.charset.StandardCharsets.UTF_8) + "&from=" + from
                        + "&to=" + now.getEpochSecond())), null, Map.of("service", "logs", "search", s.name()));
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

    void close() {
        closed = true;
        pipeline.close();
        index.close();
    }
}

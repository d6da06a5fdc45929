package dev.vigil.logs;

import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.core.text.Secrets;
import dev.vigil.logs.input.LogInput;
import dev.vigil.logs.input.LogLine;
import dev.vigil.logs.ossec.AnalyzerStack;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.ossec.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines from every input, through one bounded queue, to one analyzer thread: decode and judge (OSSEC rules),
 * index every line, and turn alerts at or above the alert level into events with the matched lines as
 * evidence. A line's input is told it is stored (its file offset may move) only after the index commit
 * that made it durable. A log alert's incident resolves after a quiet period, since log lines have no
 * "back to normal" of their own.
 */
public final class LogPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogPipeline.class);
    private static final int QUEUE = 50_000;
    private static final int BATCH = 2_000;
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    /** Open log alerts kept at most (one per rule and source address): an attack from many addresses stays bounded. */
    private static final int MAX_OPEN = 10_000;

    /** Settings that may change on reload. */
    public record Settings(int alertLevel, Duration resolveAfter, String localHost) {}

    private final BlockingQueue<LogLine> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LogStore index;
    private final InstantSource clock;
    private final ZoneId zone;
    private final Consumer<List<Event>> events;
    private final List<LogInput> inputs = new ArrayList<>();
    private final Map<String, Instant> open = new HashMap<>();
    private final Map<String, Event> openEvents = new HashMap<>();
    /** Recoveries decided while raising an alert (an old one closed early to keep the open set bounded). */
    private final List<Event> closing = new ArrayList<>();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    /** Lines whose alerts have been handed on: a replay waits for this before it moves its clock. */
    private final AtomicLong handled = new AtomicLong();
    private volatile AnalyzerStack analyzer;
    private volatile Settings settings;
    private volatile boolean running;
    private Thread thread;

    /** @param rulesets the rulesets every line is judged by, Vigil's own first (see {@link AnalyzerStack}) */
    public LogPipeline(List<Ruleset> rulesets, LogStore index, Settings settings, InstantSource clock, ZoneId zone,
                       Consumer<List<Event>> events) {
        this.index = index;
        this.clock = clock;
        this.zone = zone;
        this.events = events;
        this.settings = settings;
        this.analyzer = new AnalyzerStack(rulesets, clock, zone, settings.localHost());
    }

    /** Replaces the rulesets and settings (a reload); correlation state starts over with the new rules. */
    public void apply(List<Ruleset> rulesets, Settings next) {
        this.settings = next;
        this.analyzer = new AnalyzerStack(rulesets, clock, zone, next.localHost());
    }

    /** Starts an input feeding this pipeline. */
    public synchronized void add(LogInput input) {
        inputs.add(input);
        input.start(new LogInput.Sink() {
            @Override
            public boolean accept(LogLine line) throws InterruptedException {
                return LogPipeline.this.accept(line);
            }

            @Override
            public boolean offer(LogLine line) {
                return running && queue.offer(line);
            }
        });
    }

    /**
     * Takes a line from a source that is not an input of this pipeline (an agent's batch); waits while the pipeline is
     * full. False when it is shutting down.
     */
    public boolean accept(LogLine line) throws InterruptedException {
        while (running) {
            if (queue.offer(line, 200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Stops and forgets the inputs (before a reload starts new ones). */
    public synchronized void stopInputs() {
        stopInputs(in -> false);
    }

    /** Stops and forgets the inputs except those {@code keep} accepts (a reload keeps unchanged listeners). */
    public synchronized void stopInputs(Predicate<LogInput> keep) {
        for (var it = inputs.iterator(); it.hasNext(); ) {
            LogInput in = it.next();
            if (!keep.test(in)) {
                in.close();
                it.remove();
            }
        }
    }

    public synchronized List<LogInput> inputs() {
        return List.copyOf(inputs);
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("log-pipeline").daemon().start(this::loop);
    }

    /** Lines analysed and alerts raised since start, and lines waiting. */
    public long lines() {
        return lines.get();
    }

    public long alerts() {
        return alerts.get();
    }

    /** Lines analysed whose alerts (if any) have been handed on as events, since start. */
    public long handled() {
        return handled.get();
    }

    public int waiting() {
        return queue.size();
    }

    public LogStore index() {
        return index;
    }

    private void loop() {
        List<LogLine> batch = new ArrayList<>(BATCH);
        List<Runnable> checkpoints = new ArrayList<>();
        long lastCommit = System.nanoTime();
        boolean uncommitted = false;
        while (running || !queue.isEmpty()) {
            try {
                LogLine first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                List<Event> out = new ArrayList<>();
                int taken = batch.size();
                uncommitted |= !batch.isEmpty();
                for (LogLine l : batch) {
                    process(l, out);
                    if (l.checkpoint() != null) {
                        checkpoints.add(l.checkpoint());
                    }
                }
                batch.clear();
                out.addAll(closing);
                closing.clear();
                resolveQuiet(out);
                if (!out.isEmpty()) {
                    events.accept(out);
                }
                handled.addAndGet(taken);
                // On a time bound whatever the source: syslog lines carry no checkpoint, and must not wait for one.
                if (uncommitted && (System.nanoTime() - lastCommit > COMMIT_EVERY.toNanos() || !running)) {
                    index.commit();
                    checkpoints.forEach(Runnable::run);
                    checkpoints.clear();
                    lastCommit = System.nanoTime();
                    uncommitted = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                // The lines stay unacknowledged: their inputs read them again after a restart.
                log.error("log pipeline: {}", e.getMessage());
                checkpoints.clear();
                batch.clear();
            }
        }
    }

    private void process(LogLine l, List<Event> out) throws IOException {
        String location = l.sender() != null ? l.sender() : l.location();
        Verdict v = analyzer.analyze(l.text(), location);
        lines.incrementAndGet();
        Settings s = settings;
        String host = l.host() != null ? l.host()
                : v.event().hostname() == null || v.event().hostname().equals(s.localHost()) ? s.localHost() : v.event().hostname();
        index.add(new LogStore.Entry(l.received(), host, location, l.text(), v.fields(), v.rule(), v.level(), v.alert(), v.groups()));
        if (v.alert() && v.level() >= s.alertLevel()) {
            alerts.incrementAndGet();
            out.add(event(v, host, l));
        }
    }

    /** An alert as an event: the line, the earlier lines that made a correlation rule fire, and where to look. */
    private Event event(Verdict v, String host, LogLine l) {
        Map<String, String> f = v.fields();
        // One problem per rule, host and what the rule is about: each brute-forcing address, but one 502 burst.
        String fingerprint = Event.fingerprint("logs", host, String.valueOf(v.rule()), v.subject());
        Severity severity = v.level() >= 12 ? Severity.CRITICAL : Severity.WARNING;
        // What the alert is about, as in its fingerprint: the brute-forcing address, the failing URL; for a burst
        // counted over a host, no visitor's address (one of many would mislead).
        String title = v.description() + (v.subject().isEmpty() ? "" : " (" + v.subject() + ")") + " on " + host;
        // Events travel (e-mail, chat, webhooks): a line that shows a password (the story's 503 page) is masked.
        StringBuilder details = new StringBuilder("Rule ").append(v.rule()).append(", level ").append(v.level()).append('\n')
                .append(Secrets.mask(l.text()));
        if (!v.evidence().isEmpty()) {
            details.append("\n\nThe lines before it:\n");
            v.evidence().forEach(e -> details.append(Secrets.mask(e)).append('\n'));
        }
        if (!v.info().isEmpty()) { // the rule's references (Wazuh's <info>): a CVE, a link, advice
            details.append("\n\nAbout this rule:\n");
            v.info().forEach(i -> details.append(i).append('\n'));
        }
        Instant at = l.received();
        Instant from = at.minus(Duration.ofMinutes(15));
        Instant to = at.plus(Duration.ofMinutes(5));
        List<EvidenceLink> links = List.of(
                EvidenceLink.logs("matching log lines", "rule:" + v.rule() + " AND host:" + quote(host), from, to),
                EvidenceLink.logs("all lines of " + host + " around then", "host:" + quote(host), from, to),
                EvidenceLink.series("load on " + host + " then", host, "load.1min", from, to));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("service", "logs");
        tags.put("rule", String.valueOf(v.rule()));
        tags.put("level", String.valueOf(v.level()));
        tags.put("groups", String.join(",", v.groups()));
        for (String k : List.of("srcip", "url", "dstuser", "srcuser", "program_name")) {
            if (f.containsKey(k)) {
                tags.put(k, f.get(k));
            }
        }
        Event e = Event.of(EventKind.PROBLEM, at, host, "logs", severity, title, fingerprint)
                .withDetails(details.toString())
                .withEvidence(links)
                .withTags(tags);
        if (open.size() >= MAX_OPEN && !open.containsKey(fingerprint)) {
            // Close the longest-quiet alert early (its recovery goes out with this batch) to make room.
            open.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> open.put(oldest.getKey(), Instant.EPOCH));
            resolveQuiet(closing);
        }
        open.put(fingerprint, at);
        openEvents.put(fingerprint, e);
        return e;
    }

    /** Closes the incidents of log alerts that have not fired again for the quiet period. */
    private void resolveQuiet(List<Event> out) {
        Instant now = clock.instant();
        Duration quiet = settings.resolveAfter();
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (Duration.between(e.getValue(), now).compareTo(quiet) >= 0) {
                Event was = openEvents.remove(e.getKey());
                it.remove();
                out.add(Event.of(EventKind.RECOVERY, now, was.host(), "logs", Severity.OK,
                        was.title() + ": quiet for " + Durations.format(quiet),
                        was.fingerprint())
                        .withEvidence(was.evidence())
                        .withTags(was.tags()));
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }


    /**
     * Analyses what the inputs already handed over, commits and acknowledges it, then stops the inputs (which
     * save their offsets, now including those last lines). Lines read but not handed over are read again.
     */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            index.commit();
        } catch (IOException e) {
            log.error("log index commit on close failed: {}", e.getMessage());
        }
        stopInputs();
    }
}

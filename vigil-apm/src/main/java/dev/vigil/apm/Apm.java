package dev.vigil.apm;

import dev.vigil.apm.config.ApmSettings;
import dev.vigil.apm.derive.Operations;
import dev.vigil.apm.otlp.OtlpMetrics;
import dev.vigil.apm.sample.TailSampler;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application performance: spans come in (OTLP), whole traces are counted into per-service and per-operation
 * figures and series ({@link Operations}), and the traces worth a look are kept: every one with an error, every
 * one slower than its operation's 99th percentile (or the configured threshold), and a few a minute of the rest.
 */
public final class Apm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Apm.class);
    private static final int MIN_FOR_P99 = 20;
    /** A version not seen for this long is new again when it comes back (a rollback is a deploy too). */
    private static final Duration VERSION_MEMORY = Duration.ofHours(1);
    private static final int MAX_VERSIONS = 20;

    private final Scheduler scheduler;
    private final TraceStore traces;
    private final ApmSettings settings;
    private final Operations operations;
    private final TailSampler sampler;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedPoints = new AtomicLong();
    private final OtlpMetrics otlpMetrics = new OtlpMetrics();
    private final FigureSink figures;
    private final Map<String, Integer> sampledThisMinute = new HashMap<>();
    private Instant minute;
    private final List<Scheduler.Scheduled> jobs = new java.util.ArrayList<>();
    private final java.util.function.Consumer<Event> deploys;
    /** Per service, each version seen and when it was last seen (only the deciding thread uses it). */
    private final Map<String, Map<String, Instant>> versions = new HashMap<>();

    /** @param deploys where a service's new {@code service.version} goes, as a {@code deploy} event */
    public Apm(Scheduler scheduler, FigureSink figures, TraceStore traces, ApmSettings settings, java.util.function.Consumer<Event> deploys) {
        this.scheduler = scheduler;
        this.deploys = deploys;
        this.traces = traces;
        this.settings = settings;
        this.figures = figures;
        this.operations = new Operations(figures, settings.apdexT());
        // 100,000 spans held (about 50 MB) before traces are decided early; twice that and senders are asked to wait.
        this.sampler = new TailSampler(settings.quiet(), 100_000, 2_000);
    }

    public void start() {
        Instant now = scheduler.clock().instant();
        minute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        jobs.add(scheduler.every(Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick));
    }

    /**
     * Takes one export's spans; they are counted once their trace is complete. False, taking nothing, when the
     * spans waiting for a decision are at their bound: the sender should retry a little later (OTLP's exporters do
     * on 503), and memory stays bounded under a flood.
     */
    public boolean accept(List<Span> spans) {
        if (sampler.full()) {
            refused.addAndGet(spans.size());
            return false;
        }
        received.addAndGet(spans.size());
        sampler.add(spans, scheduler.clock().instant());
        return true;
    }

    /**
     * Takes one OTLP metrics export into the series, through the same sink as the traces' figures.
     *
     * @param json OTLP/JSON rather than protobuf
     * @return how many numbers were recorded
     */
    public int acceptMetrics(byte[] export, boolean json) {
        int n = 0;
        for (OtlpMetrics.Point p : json ? otlpMetrics.readJson(export) : otlpMetrics.read(export)) {
            try {
                figures.record(p.host(), p.name(), p.unit(), p.at(), p.value());
                n++;
            } catch (IllegalArgumentException e) {
                refusedPoints.incrementAndGet(); // a name the store refuses (over 200 characters with its attributes)
            }
        }
        return n;
    }

    /** Decides the complete traces and closes each minute past; run every second. */
    void tick() {
        try {
            Instant now = scheduler.clock().instant();
            decide(now);
            while (!now.isBefore(minute)) {
                operations.close(minute);
                synchronized (sampledThisMinute) {
                    sampledThisMinute.clear();
                }
                if (minute.atZone(java.time.ZoneOffset.UTC).getMinute() == 0) {
                    int gone = traces.prune(now.minus(settings.keep()), settings.max());
                    if (gone > 0) {
                        log.info("forgot {} kept traces (older than {} or beyond {})", gone, settings.keep(), settings.max());
                    }
                }
                minute = minute.plus(Duration.ofMinutes(1));
            }
        } catch (RuntimeException e) {
            log.warn("application traces: {}", e.toString());
        }
    }

    /** Hands every complete trace to the figures and keeps those worth keeping; also for tests and the demo. */
    public void decide(Instant now) {
        List<TraceStore.Trace> keep = new java.util.ArrayList<>();
        for (List<Span> trace : sampler.complete(now)) {
            operations.record(trace);
            versions(trace);
            String why = why(trace);
            if (why == null) {
                dropped.incrementAndGet();
                continue;
            }
            keep.add(summary(trace, why));
            kept.incrementAndGet();
            if (keep.size() == 500) {
                traces.save(keep); // one transaction for many
                keep.clear();
            }
        }
        if (!keep.isEmpty()) {
            traces.save(keep);
        }
    }

    /**
     * A version of a service that was not seen in the last hour is a deploy, told once: while a rolling deploy
     * serves the old and the new version side by side, neither is new again.
     */
    private void versions(List<Span> trace) {
        for (Span s : trace) {
            String version = s.version();
            if (!s.entry() || version.isEmpty()) {
                continue;
            }
            Instant at = Instant.ofEpochSecond(0, s.startNanos());
            Map<String, Instant> seen = versions.get(s.service());
            if (seen == null) {
                if (versions.size() < 500) { // the first sight of a service tells nothing: it may have run for a year
                    versions.put(s.service(), new HashMap<>(Map.of(version, at)));
                }
                continue;
            }
            Instant last = seen.put(version, at);
            if (last != null && last.isAfter(at.minus(VERSION_MEMORY))) {
                continue;
            }
            String was = seen.entrySet().stream().filter(e -> !e.getKey().equals(version)).max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(null);
            seen.values().removeIf(t -> t.isBefore(at.minus(VERSION_MEMORY)));
            while (seen.size() > MAX_VERSIONS) {
                seen.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).ifPresent(seen::remove);
            }
            deploys.accept(deploy(s.service(), version, was, at, "its traces"));
        }
    }

    /**
     * The event of a service's deploy, on the host its series are filed under so it marks their graphs.
     *
     * @param was the version before, or null when not known
     * @param told who said so: "its traces", or the deploy pipeline's own words
     */
    public static Event deploy(String service, String version, String was, Instant at, String told) {
        String title = service + " deployed" + (version.isEmpty() ? "" : " " + version) + (was == null ? "" : " (was " + was + ")");
        Map<String, String> tags = new HashMap<>(Map.of("service", service));
        if (!version.isEmpty()) {
            tags.put("version", version);
        }
        return Event.of(EventKind.DEPLOY, at, Operations.seriesName(service), "apm", Severity.INFO, title,
                Event.fingerprint("deploy", service, version, at.toString())).withDetails("Told by " + told + ".").withTags(tags);
    }

    private String why(List<Span> trace) {
        if (trace.stream().anyMatch(Span::error)) {
            return "error";
        }
        Span root = root(trace);
        if (settings.slow() != null ? root.durationMs() >= settings.slow().toMillis()
                : trace.stream().filter(Span::entry).anyMatch(s -> s.durationMs() >= operations.p99(s.service(), s.name(), MIN_FOR_P99))) {
            return "slow";
        }
        synchronized (sampledThisMinute) {
            int n = sampledThisMinute.merge(root.service(), 1, Integer::sum);
            return n <= settings.reservoir() ? "sample" : null;
        }
    }

    /** The root span, or the earliest where the root did not arrive. */
    private static Span root(List<Span> trace) {
        return trace.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst()
                .orElseGet(() -> trace.stream().min(Comparator.comparingLong(Span::startNanos)).orElseThrow());
    }

    private static TraceStore.Trace summary(List<Span> trace, String why) {
        Span root = root(trace);
        long start = trace.stream().mapToLong(Span::startNanos).min().orElse(root.startNanos());
        long end = trace.stream().mapToLong(Span::endNanos).max().orElse(root.endNanos());
        return new TraceStore.Trace(root.traceId(), root.service(), root.name(), Instant.ofEpochSecond(0, start),
                Math.max(0, end - start) / 1e6, trace.stream().anyMatch(Span::error), why,
                trace.stream().sorted(Comparator.comparingLong(Span::startNanos)).toList());
    }

    public Operations operations() {
        return operations;
    }

    public TraceStore traces() {
        return traces;
    }

    public ApmSettings settings() {
        return settings;
    }

    /**
     * Spans received and refused (busy), traces kept and dropped by the sampler, spans held waiting for their trace to
     * complete, spans dropped from traces over the size bound, and OTLP metric points whose names the store refused.
     */
    public Map<String, Long> counters() {
        return Map.of("spansReceived", received.get(), "spansRefused", refused.get(), "tracesKept", kept.get(),
                "tracesDropped", dropped.get(), "spansHeld", (long) sampler.heldSpans(), "spansDropped", sampler.droppedSpans(),
                "metricPointsRefused", refusedPoints.get());
    }

    @Override
    public void close() {
        jobs.forEach(Scheduler.Scheduled::cancel);
    }
}

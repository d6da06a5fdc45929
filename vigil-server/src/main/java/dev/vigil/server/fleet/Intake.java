package dev.vigil.server.fleet;

import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Item;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Registrations;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.logs.LogPipeline;
import dev.vigil.logs.input.LogLine;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.checks.engine.CheckEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an agent's batch exactly once in effect: items numbered at or below what was applied before are skipped,
 * the rest go in order to the log pipeline (as the agent's host, decoded and judged here as OSSEC's server does),
 * the metric store and the check engine; the batch is acknowledged only when its lines are in the index. An item
 * for a host the agent does not own is refused and counted, never written.
 */
public final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /** The most items one batch may carry (the agent sends at most 5,000). */
    public static final int MAX_ITEMS = 10_000;
    private static final int MAX_LINE = 64 * 1024;
    private static final Duration INDEXED_WITHIN = Duration.ofSeconds(30);

    private final Supplier<LogPipeline> logs;
    private final MetricStore metrics;
    private final CheckEngine engine;
    private final LiveConfig config;
    private final EventLog events;
    private final InstantSource clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public Intake(Supplier<LogPipeline> logs, MetricStore metrics, CheckEngine engine, LiveConfig config, EventLog events,
                  InstantSource clock) {
        this.logs = logs;
        this.metrics = metrics;
        this.engine = engine;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    /** The last sequence number applied for each agent this run (the store has it durably; this is read first). */
    private final Map<String, Long> applied = new ConcurrentHashMap<>();

    /** Applies the batch; returns the last sequence number now applied for this agent (to be recorded durably). */
    long apply(Fleet.Agent agent, Batch batch) throws InterruptedException {
        if (batch.items().size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a batch carries at most " + MAX_ITEMS + " items");
        }
        synchronized (locks.computeIfAbsent(agent.id(), k -> new Object())) {
            long applied = Math.max(this.applied.getOrDefault(agent.id(), 0L), agent.acked());
            Instant now = clock.instant();
            long shift = now.toEpochMilli() - batch.sent(); // the agent's times, on the server's clock
            // A probe sends check results only: it has no host here, and no lines, samples or findings are taken from it.
            long lines = agent.isProbe() ? 0 : batch.items().stream().filter(i -> i instanceof Item.Line && i.seq() > applied).count();
            CountDownLatch indexed = new CountDownLatch((int) lines);
            long last = applied;
            int refused = 0;
            java.util.List<Event> raised = new java.util.ArrayList<>();
            for (Item item : batch.items()) {
                if (item.seq() <= last) {
                    continue; // applied before (a resend), or out of order: never twice
                }
                last = item.seq();
                Instant at = Instant.ofEpochMilli(item.at() + shift);
                if (agent.isProbe()) {
                    refused += item instanceof Item.Result r && probeResult(agent, r, at) ? 0 : 1;
                    continue;
                }
                switch (item) {
                    case Item.Line l -> {
                        String text = l.text() == null ? "" : l.text().length() > MAX_LINE ? l.text().substring(0, MAX_LINE) : l.text();
                        String path = l.path() == null ? "agent" : l.path();
                        if (!logs.get().accept(new LogLine(text, path, null, at, indexed::countDown, agent.host()))) {
                            throw new IllegalStateException("the log pipeline is shutting down");
                        }
                    }
                    case Item.Sample s -> sample(agent, s, at);
                    case Item.Result r -> refused += result(agent, r) ? 0 : 1;
                    case Item.Finding f -> {
                        Event e = finding(agent, f, at);
                        if (e == null) {
                            refused++;
                        } else {
                            raised.add(e);
                        }
                    }
                }
            }
            if (!raised.isEmpty()) {
                events.append(raised); // durable before the batch is acknowledged
            }
            if (!indexed.await(INDEXED_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the log index is busy; the agent sends the batch again");
            }
            if (batch.lost() > 0) {
                events.append(java.util.List.of(Event.of(EventKind.PROBLEM, now, agent.host(), "agent", Severity.WARNING,
                        "Agent on " + agent.host() + " dropped " + batch.lost() + " buffered items (its buffer was full while the server was away)",
                        Event.fingerprint("agent", agent.id(), "lost", Long.toString(last)))));
            }
            if (refused > 0) {
                log.warn("agent {} of host {} sent {} results or findings that were refused (another host's, or malformed)", agent.id(),
                        agent.host(), refused);
            }
            this.applied.put(agent.id(), last);
            return last;
        }
    }

    private void sample(Fleet.Agent agent, Item.Sample s, Instant at) {
        if (s.name() == null || !Double.isFinite(s.value())) {
            return;
        }
        try {
            SeriesInfo info = SeriesInfo.of(new SeriesKey(agent.host(), s.name()), s.unit() == null ? "" : s.unit(), "agent");
            metrics.record(s.max() != null && s.max() > 0 ? info.asCapacity(s.max()) : info, at, s.value());
        } catch (IllegalArgumentException e) {
            log.debug("sample from agent {} not kept: {}", agent.id(), e.getMessage());
        }
    }

    /**
     * A file change or audit finding judged on the agent, raised as the agent's host's event; null when malformed. Its
     * fingerprint is made this host's here, so no agent can refresh or close another host's problem.
     */
    private static Event finding(Fleet.Agent agent, Item.Finding f, Instant at) {
        if (!("integrity".equals(f.source()) || "audit".equals(f.source())) || f.title() == null || f.fingerprint() == null) {
            return null;
        }
        EventKind kind;
        Severity severity;
        try {
            kind = EventKind.of(String.valueOf(f.event()));
            severity = Severity.valueOf(String.valueOf(f.severity()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (kind != EventKind.PROBLEM && kind != EventKind.RECOVERY && kind != EventKind.PACKAGE) {
            return null;
        }
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        f.tags().entrySet().stream().filter(t -> t.getKey().length() <= 64 && t.getValue().length() <= 1024).limit(16)
                .forEach(t -> tags.put(t.getKey(), t.getValue()));
        tags.put("agent", agent.id());
        String details = f.details() == null ? "" : f.details();
        return Event.of(kind, at, agent.host(), f.source(), severity, f.title().length() > 500 ? f.title().substring(0, 500) : f.title(),
                        Event.fingerprint("agent", agent.host(), f.fingerprint()))
                .withDetails(details.length() > MAX_LINE ? details.substring(0, MAX_LINE) : details)
                .withTags(tags);
    }

    /**
     * A probe's result for a service checked from its location, at the time it was measured; false (refused) for any
     * other service.
     */
    private boolean probeResult(Fleet.Agent probe, Item.Result r, Instant at) {
        if (r.host() == null || r.service() == null) {
            return false;
        }
        PluginOutput parsed = PluginOutput.parse(r.output() == null ? "" : r.output());
        try {
            engine.submitAt(Target.service(r.host(), r.service()), probe.location(),
                    new CheckResult(ServiceState.ofExitCode(r.state()), parsed.output(), parsed.longOutput(), parsed.perfdata()), at);
            return true;
        } catch (NoSuchElementException e) {
            return false; // not checked from its location (any longer): a probe acts on nothing else
        }
    }

    /** A result for the agent's own host (its service is registered as passive on first sight); false when refused. */
    private boolean result(Fleet.Agent agent, Item.Result r) {
        if (!agent.host().equals(r.host()) || r.service() == null || r.service().isBlank() || r.service().length() > 200) {
            return false;
        }
        Target target = Target.service(agent.host(), r.service());
        if (!config.current().plan().services().containsKey(target)) {
            try {
                config.registerByConfig(new Registrations.Registration(Registrations.Kind.SERVICE, agent.host(), r.service(),
                        Map.of("name", r.service(), "host", agent.host(), "type", "passive")));
            } catch (ConfigException | RuntimeException e) {
                log.warn("service {} of agent {} could not be registered: {}", r.service(), agent.id(), e.getMessage());
                return true; // not the agent's fault: the item is applied (dropped), not retried forever
            }
        }
        PluginOutput parsed = PluginOutput.parse(r.output() == null ? "" : r.output());
        try {
            engine.submit(target, new CheckResult(ServiceState.ofExitCode(r.state()), parsed.output(), parsed.longOutput(), parsed.perfdata()));
        } catch (NoSuchElementException e) {
            log.warn("result for {} dropped: {}", target, e.getMessage());
        }
        return true;
    }
}

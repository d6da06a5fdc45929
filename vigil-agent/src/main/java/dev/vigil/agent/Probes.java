package dev.vigil.agent;

import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.Plan;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.config.PlanReader;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import dev.vigil.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A probe's checks: each service of its plan is checked on its own schedule (the retry interval while a problem is
 * not yet confirmed, as the server's SOFT/HARD logic expects), on a virtual thread so a slow target delays nothing
 * else, and each result goes into the on-disk buffer. Only the types that look at a service from outside run here.
 */
final class Probes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Probes.class);

    private final Spool spool;
    private final Scheduler scheduler;
    private final List<Running> running = new ArrayList<>();

    Probes(Spool spool, Scheduler scheduler) {
        this.spool = spool;
        this.scheduler = scheduler;
    }

    /** One scheduled service; {@code stopped} ends it when the plan changes. */
    private final class Running {
        final Plan.Probe probe;
        final Check check;
        volatile boolean stopped;
        volatile Scheduler.Scheduled next;

        Running(Plan.Probe probe, Check check) {
            this.probe = probe;
            this.check = check;
        }

        void schedule(Instant at) {
            if (!stopped) {
                next = scheduler.schedule(at, () -> Thread.ofVirtual().name("probe-" + probe.service()).start(this::run));
            }
        }

        private void run() {
            CheckResult r;
            try {
                r = check.run(Duration.ofSeconds(Math.max(1, probe.timeout())));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                r = CheckResult.unknown("check failed on the probe: " + e.getClass().getSimpleName());
            }
            if (stopped) {
                return;
            }
            report(probe, r);
            int wait = r.state() == ServiceState.OK ? probe.interval() : Math.min(probe.interval(), Math.max(1, probe.retry()));
            schedule(scheduler.clock().instant().plusSeconds(Math.max(1, wait)));
        }

        void stop() {
            stopped = true;
            if (next != null) {
                next.cancel();
            }
        }
    }

    /** Runs these checks from now on, in place of the ones before; first runs are spread over ten seconds. */
    synchronized void run(List<Plan.Probe> plan) {
        running.forEach(Running::stop);
        running.clear();
        Instant now = scheduler.clock().instant();
        int i = 0;
        for (Plan.Probe p : plan) {
            Check check = build(p);
            if (check == null) {
                continue;
            }
            Running r = new Running(p, check);
            running.add(r);
            r.schedule(now.plusMillis(1000L + (10_000L * i++) / Math.max(1, plan.size())));
        }
        log.info("checking {} service(s) from this location", running.size());
    }

    /** The check the server described, or null (reported as the service's UNKNOWN result, so the server shows why). */
    private Check build(Plan.Probe p) {
        if (p.host() == null || p.service() == null) {
            return null;
        }
        if (!PlanReader.PROBE_TYPES.contains(p.type())) {
            report(p, CheckResult.unknown("a probe does not run '" + p.type() + "' checks"));
            return null;
        }
        ConfigErrors errors = new ConfigErrors();
        Location origin = new Location("the server's plan for " + p.host() + "/" + p.service(), 0);
        if (!(ConfigNode.fromValue(p.options(), origin) instanceof ConfigNode.Mapping map)) {
            return null;
        }
        Check check = CheckTypes.create(p.type(), new Section(map, errors), scheduler.clock()).orElse(null);
        if (check == null) {
            report(p, CheckResult.unknown("the probe cannot run this check: "
                    + errors.list().stream().map(Object::toString).collect(Collectors.joining("; "))));
        }
        return check;
    }

    private void report(Plan.Probe p, CheckResult r) {
        spool.append(new Item.Result(0, scheduler.clock().millis(), p.host(), p.service(), r.state().exitCode(), pluginText(r)));
    }

    /** A result as a Nagios plugin prints it: the status line with its perfdata, then the long output. */
    static String pluginText(CheckResult r) {
        String perf = r.perfdata().isEmpty() ? "" : "|" + String.join(" ", r.perfdata().stream().map(Object::toString).toList());
        return r.output() + perf + (r.longOutput().isEmpty() ? "" : "\n" + r.longOutput());
    }

    @Override
    public synchronized void close() {
        running.forEach(Running::stop);
        running.clear();
    }
}

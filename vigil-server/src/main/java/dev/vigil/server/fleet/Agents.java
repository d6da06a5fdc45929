package dev.vigil.server.fleet;

import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Facts;
import dev.vigil.agent.wire.Join;
import dev.vigil.agent.wire.Labels;
import dev.vigil.agent.wire.Plan;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Locations;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.checks.config.Registrations;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.core.RandomId;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.core.time.Scheduler;
import dev.vigil.server.config.FleetSettings;
import dev.vigil.server.config.LiveConfig;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as the server sees it: join tokens, enrollment (a certificate from the server's CA for a valid token),
 * autoregistration of each new agent's host by the config's rules, the plan each agent runs, what it sends
 * ({@link Intake}), and its host going DOWN when it falls silent past its grace, then retired after days.
 */
public final class Agents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agents.class);
    /** A host name an agent may take: what Nagios allows in a host name, and nothing a path or a query could abuse. */
    /** Facts as stored (lenient: facts kept by an older version still read). */
    private static final com.fasterxml.jackson.databind.ObjectMapper FACTS = new com.fasterxml.jackson.databind.ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    /** How an agent stands now, as the API and the Agents page show it. */
    public enum State { CONNECTED, SILENT, REVOKED, RETIRED;
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An agent with its state and whether it runs its host's current plan. */
    public record View(Fleet.Agent agent, State state, boolean planCurrent, Facts facts) {}

    private final Fleet store;
    private final CertificateAuthority ca;
    private final LiveConfig config;
    private final CheckEngine engine;
    private final Scheduler scheduler;
    private final Intake intake;
    /** How long an agent's row is trusted from memory: a revocation made by another process counts within this. */
    private static final Duration FRESH = Duration.ofSeconds(2);

    private record Known(Fleet.Agent agent, Instant loaded) {}

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final ContactLog contacts;
    /** Hosts this server has told the engine are DOWN because their agent fell silent. */
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();

    private final dev.vigil.core.event.EventLog events;
    /** When this server started watching: a probe gets one grace period after a restart before its location counts as lost. */
    private volatile Instant watchingSince;

    public Agents(Fleet store, CertificateAuthority ca, LiveConfig config, CheckEngine engine, Scheduler scheduler, Intake intake,
                  dev.vigil.core.event.EventLog events) {
        this.events = events;
        this.store = store;
        this.ca = ca;
        this.config = config;
        this.engine = engine;
        this.scheduler = scheduler;
        this.intake = intake;
        this.contacts = new ContactLog(store);
    }

    /** The agent as stored, read at most every {@link #FRESH} (every batch would otherwise read the database). */
    private Optional<Fleet.Agent> agentNow(String id) {
        Instant now = scheduler.clock().instant();
        Known k = known.get(id);
        if (k != null && k.loaded().isAfter(now.minus(FRESH))) {
            return Optional.of(k.agent());
        }
        Optional<Fleet.Agent> a = store.agent(id);
        a.ifPresentOrElse(x -> known.put(id, new Known(x, now)), () -> known.remove(id));
        return a;
    }

    @Override
    public void close() {
        contacts.close();
    }

    public CertificateAuthority authority() {
        return ca;
    }

    public Fleet store() {
        return store;
    }

    private FleetSettings settings() {
        return config.current().fleet();
    }

    /** Checks for silent agents every 15 seconds. */
    public void start() {
        watchingSince = scheduler.clock().instant();
        scheduler.every(Duration.ofSeconds(15), Duration.ofSeconds(15), this::watch);
    }

    public List<View> list() {
        List<View> out = new ArrayList<>();
        for (Fleet.Agent a : store.agents()) {
            out.add(view(a));
        }
        return out;
    }

    public Optional<View> get(String id) {
        return store.agent(id).map(this::view);
    }

    private View view(Fleet.Agent a) {
        Instant now = scheduler.clock().instant();
        State s = a.revoked() ? State.REVOKED : a.retired() ? State.RETIRED
                : a.lastSeen().isAfter(now.minus(settings().grace())) ? State.CONNECTED : State.SILENT;
        return new View(a, s, a.planVersion().equals(planFor(a).version()), facts(a.facts()));
    }

    private static Facts facts(String json) {
        try {
            return FACTS.readValue(json, Facts.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A join token valid for {@code life} from now, for {@code uses} enrollments (null: any number), of agents or of probes. */
    public Fleet.CreatedToken createToken(Map<String, String> labels, Duration life, Integer uses, boolean probe) {
        Labels.check(labels);
        return store.createToken(labels, scheduler.clock().instant().plus(life), uses, probe);
    }

    /** Refuses the agent's connections from now on (its host stays, with its history). */
    public boolean revoke(String id) {
        boolean done = store.revoke(id);
        known.remove(id);
        if (done) {
            log.info("agent {} revoked", id);
        }
        return done;
    }

    /**
     * Enrolls an agent: the token is used up (once), the request's key gets a certificate naming a new agent id, and
     * the host joins its groups by the autoregister rules.
     */
    public Join.Reply join(Join.Request request) {
        Facts facts = request.facts();
        if (facts == null || facts.hostname() == null || !HOST.matcher(facts.hostname()).matches()) {
            throw new Fleet.Refused("the agent's host name must be letters, digits, '.', '_' or '-' (at most 253)");
        }
        if (request.csr() == null || request.csr().length() > 16_384) {
            throw new Fleet.Refused("a certificate request (PEM) is required");
        }
        String location = request.location();
        if (location != null && (!Locations.NAME.matcher(location).matches() || location.equals(Locations.LOCAL))) {
            throw new Fleet.Refused("a probe's location must be lower-case letters, digits, '_' or '-' (at most 32), not '"
                    + Locations.LOCAL + "', e.g. fra");
        }
        // A probe owns no host: it is known as its machine at its location, a name no monitored host can have.
        String host = location == null ? facts.hostname() : facts.hostname() + "@" + location;
        facts = bounded(host, facts);
        String id = (location == null ? "agent-" : "probe-") + RandomId.next();
        String factsJson;
        try {
            factsJson = FACTS.writeValueAsString(facts);
        } catch (java.io.IOException e) {
            throw new Fleet.Refused("the agent's facts do not read");
        }
        Fleet.Agent agent = store.enroll(request.token(), id, host, facts.labels(), () -> {
            try {
                return CertificateAuthority.pem(ca.signAgent(request.csr(), id, settings().certificateLife()));
            } catch (GeneralSecurityException e) {
                throw new Fleet.Refused(e.getMessage()); // nothing is stored and the token is not used up
            }
        }, factsJson, location);
        if (agent.isProbe()) {
            log.info("probe {} enrolled at location {} ({})", agent.id(), location, agent.host());
        } else {
            log.info("agent {} enrolled for host {} with labels {}", agent.id(), agent.host(), agent.labels());
            autoregister(agent, facts);
        }
        return new Join.Reply(agent.id(), agent.host(), agent.certificate());
    }

    /**
     * A new certificate for an enrolled agent's new key (its old certificate authenticated this request), kept as the
     * agent's; refused for a revoked or unknown agent.
     */
    public String renew(String agentId, String csr) {
        Fleet.Agent agent = agentNow(agentId).orElseThrow(() -> new Fleet.Refused("unknown agent"));
        if (agent.revoked()) {
            throw new Fleet.Refused("this agent was revoked; enroll again with a new join token");
        }
        if (csr == null || csr.length() > 16_384) {
            throw new Fleet.Refused("a certificate request (PEM) is required");
        }
        String pem;
        try {
            pem = CertificateAuthority.pem(ca.signAgent(csr, agent.id(), settings().certificateLife()));
        } catch (GeneralSecurityException e) {
            throw new Fleet.Refused(e.getMessage());
        }
        if (!store.renew(agent.id(), pem)) {
            throw new Fleet.Refused("this agent was revoked; enroll again with a new join token");
        }
        known.remove(agent.id());
        log.info("{} {} renewed its client certificate", agent.isProbe() ? "probe" : "agent", agent.id());
        return pem;
    }

    /** Whether the certificate an agent presented is due for renewal (the agent is told with its batch's answer). */
    public boolean renewalDue(java.security.cert.X509Certificate presented) {
        return settings().renewalDue(presented.getNotAfter().toInstant(), scheduler.clock().instant());
    }

    /** Applies what an authenticated agent sent; its identity comes from its certificate, never from the batch. */
    public Batch.Reply accept(String agentId, Batch batch) throws InterruptedException {
        Fleet.Agent agent = agentNow(agentId).orElseThrow(() -> new Fleet.Refused("unknown agent"));
        if (agent.revoked()) {
            throw new Fleet.Refused("this agent was revoked; enroll again with a new join token");
        }
        Instant now = scheduler.clock().instant();
        long acked = intake.apply(agent, batch);
        String factsJson = null;
        if (batch.facts() != null) {
            Facts f = batch.facts();
            if (f.hostname() != null && !f.hostname().equals(agent.host())) {
                log.warn("agent {} of host {} reported the host name '{}': kept as {}", agent.id(), agent.host(),
                        f.hostname().replaceAll("[^A-Za-z0-9._-]", "?"), agent.host());
            }
            // The host is the one enrolled, whatever the facts say: an agent cannot move itself onto another's host.
            f = bounded(agent.host(), f);
            try {
                factsJson = FACTS.writeValueAsString(f);
            } catch (java.io.IOException e) {
                factsJson = null;
            }
            if (!agent.retired() && !agent.isProbe()) {
                autoregister(agent, f);
            }
        }
        Duration skew = Duration.ofMillis(now.toEpochMilli() - batch.sent());
        contacts.record(new Fleet.Contact(agent.id(), now, clip(batch.version(), 40), clip(batch.planVersion(), 40),
                Math.max(0, batch.buffered()), skew, factsJson, acked, Math.max(0, batch.lost())));
        if (agent.isProbe()) {
            if (engine.lostLocations().contains(agent.location())) {
                locationContact(agent.location(), true, "probe " + agent.host() + " connected again");
            }
        } else {
            boolean wasDown = down.remove(agent.host()) != null;
            // Also after a restart of this server, which forgets whom it marked: the host's state says it.
            boolean isDown = engine.status(Target.host(agent.host())).map(st -> st.state().isProblem()).orElse(false);
            if (wasDown || isDown) {
                submitHost(agent.host(), CheckResult.of(ServiceState.OK, "agent connected again"));
            }
        }
        Plan plan = planFor(agent);
        return new Batch.Reply(acked, plan.version().equals(batch.planVersion()) ? null : plan, now.toEpochMilli());
    }

    /**
     * The facts as kept: under the enrolled host name (an agent cannot move itself onto another's host), and cut to
     * sizes a real machine has, so an agent cannot fill the database through them.
     */
    private static Facts bounded(String host, Facts f) {
        Map<String, String> labels = new LinkedHashMap<>();
        f.labels().entrySet().stream().limit(64).forEach(e -> labels.put(clip(e.getKey(), 63), clip(e.getValue(), 200)));
        return new Facts(host, clip(f.os(), 200), clip(f.kernel(), 200), f.addresses().stream().limit(64).map(a -> clip(a, 64)).toList(),
                f.cpus(), f.memory(), f.listening().stream().limit(1024).toList(), labels, clip(f.version(), 40));
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() > max ? s.substring(0, max) : s;
    }

    /** An agent's plan: its host's groups' plan, with when its file changes were last accepted (which makes it another version). */
    public Plan planFor(Fleet.Agent agent) {
        if (agent.isProbe()) {
            return probePlan(agent.location());
        }
        HostDefinition h = config.current().plan().hosts().get(agent.host());
        Plan plan = settings().planFor(h == null ? List.of() : h.groups());
        if (plan.integrity() == null || agent.integrityAccepted() == null) {
            return plan;
        }
        long at = agent.integrityAccepted().toEpochMilli();
        return new Plan(plan.version() + "." + Long.toString(at / 1000, 36), plan.interval(), plan.logs(), plan.checks(),
                plan.integrity().withAccepted(at));
    }

    /**
     * A probe's plan: every service checked from its location, with its check's options as configured (the host's
     * address filled in) and its timing. Nothing else: a probe reads no files and runs no commands.
     */
    Plan probePlan(String location) {
        List<Plan.Probe> probes = new ArrayList<>();
        var plan = config.current().plan();
        for (ServiceDefinition s : plan.services().values()) {
            if (!s.locations().names().contains(location) || !(s.source() instanceof Map<?, ?> source)) {
                continue;
            }
            Map<String, Object> options = new LinkedHashMap<>();
            source.forEach((k, v) -> options.put(String.valueOf(k), v));
            HostDefinition h = plan.hosts().get(s.host());
            if (!options.containsKey("address") && h != null) {
                options.put("address", h.address());
            }
            probes.add(new Plan.Probe(s.host(), s.name(), s.type(), options, seconds(s.timing().interval()),
                    seconds(s.timing().retryInterval()), seconds(s.timing().timeout())));
        }
        probes.sort(java.util.Comparator.comparing(Plan.Probe::host).thenComparing(Plan.Probe::service));
        return FleetSettings.versioned(new Plan("", 10, List.of(), List.of(), null, probes));
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, d.toSeconds());
    }

    /** Tells the engine a location came or went, and raises (or ends) the location's own problem. */
    private void locationContact(String location, boolean inContact, String why) {
        engine.locationContact(location, inContact);
        Instant now = scheduler.clock().instant();
        String title = inContact ? "Probe location " + location + " is in contact again" : "Probe location " + location + " lost contact";
        try {
            events.append(List.of(Event.of(inContact ? EventKind.RECOVERY : EventKind.PROBLEM, now, "probe-" + location, "probe",
                    inContact ? Severity.OK : Severity.WARNING, title, Event.fingerprint("probe", location))
                    .withDetails(why + (inContact ? "" : ". Its services are decided by the other locations until it is back."))
                    .withTags(Map.of("location", location))));
        } catch (RuntimeException e) {
            log.warn("could not record that location {} {}: {}", location, inContact ? "is back" : "lost contact", e.getMessage());
        }
        log.info("{}: {}", title, why);
    }

    /** Makes the agent's host's files as they are now its baseline: the agent is told with its next plan. */
    public boolean acceptIntegrity(String id) {
        boolean done = store.acceptIntegrity(id, scheduler.clock().instant());
        known.remove(id);
        if (done) {
            log.info("file changes of agent {} accepted", id);
        }
        return done;
    }

    /**
     * Registers the agent's host with the groups and template its labels and facts earn, unless the config files
     * define the host themselves (then they decide) or it is registered so already.
     */
    private void autoregister(Fleet.Agent agent, Facts facts) {
        FleetSettings f = settings();
        Map<String, String> factMap = new LinkedHashMap<>();
        factMap.put("hostname", agent.host());
        factMap.put("os", String.valueOf(facts.os()));
        factMap.put("kernel", String.valueOf(facts.kernel()));
        factMap.put("cpus", String.valueOf(facts.cpus()));
        factMap.put("memory", String.valueOf(facts.memory()));
        factMap.put("addresses", String.join(" ", facts.addresses()));
        Map<String, String> labels = new LinkedHashMap<>(facts.labels());
        labels.putAll(agent.labels());
        FleetSettings.Registration r = f.registration(labels, factMap);
        Target target = Target.host(agent.host());
        boolean inFiles = config.current().plan().hosts().containsKey(agent.host()) && !config.isRegistered(target);
        if (inFiles) {
            return;
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", agent.host());
        definition.put("address", facts.addresses().isEmpty() ? agent.host() : facts.addresses().get(0));
        if (!r.groups().isEmpty()) {
            definition.put("groups", r.groups());
        }
        if (r.template() != null) {
            definition.put("use", r.template());
        }
        HostDefinition now = config.current().plan().hosts().get(agent.host());
        if (now != null && now.groups().equals(r.groups()) && definition.get("address").equals(now.address())) {
            return;
        }
        try {
            config.registerByConfig(new Registrations.Registration(Registrations.Kind.HOST, agent.host(), null, definition));
            log.info("host {} registered by its agent with groups {}", agent.host(), r.groups());
        } catch (ConfigException | RuntimeException e) {
            log.warn("host {} of agent {} could not be registered: {}", agent.host(), agent.id(), e.getMessage());
        }
    }

    /** A silent agent's host goes DOWN after the grace; retired after {@code retire_after} (kept, not deleted). */
    void watch() {
        try {
            Instant now = scheduler.clock().instant();
            FleetSettings f = settings();
            for (Fleet.Agent a : store.retire(now.minus(f.retireAfter()))) {
                known.remove(a.id());
                log.info("agent {} of host {} retired: silent since {}", a.id(), a.host(), a.lastSeen());
            }
            List<Fleet.Agent> all = store.agents();
            watchLocations(all, now, f.grace());
            for (Fleet.Agent a : all) {
                if (a.revoked() || a.retired() || a.isProbe() || down.containsKey(a.host())) {
                    continue;
                }
                if (a.lastSeen().isBefore(now.minus(f.grace()))) {
                    down.put(a.host(), true);
                    submitHost(a.host(), CheckResult.of(ServiceState.CRITICAL, "agent silent since " + a.lastSeen()
                            + " (grace " + dev.vigil.core.config.Durations.format(f.grace()) + ")"));
                }
            }
        } catch (RuntimeException e) {
            log.warn("agent watch failed: {}", e.getMessage());
        }
    }

    /**
     * A location the services are checked from is in contact while one of its probes has been heard within the grace;
     * a location without any loses contact too (after one grace from this server's start, so probes can come back).
     */
    private void watchLocations(List<Fleet.Agent> all, Instant now, Duration grace) {
        java.util.Set<String> wanted = new java.util.TreeSet<>();
        config.current().plan().services().values().forEach(s -> wanted.addAll(s.locations().names()));
        wanted.remove(Locations.LOCAL);
        Map<String, Instant> heard = new LinkedHashMap<>();
        for (Fleet.Agent a : all) {
            if (a.isProbe() && !a.revoked() && !a.retired()) {
                heard.merge(a.location(), a.lastSeen(), (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        java.util.Set<String> lost = engine.lostLocations();
        for (String location : wanted) {
            Instant last = heard.get(location);
            boolean inContact = last != null && last.isAfter(now.minus(grace));
            if (inContact && lost.contains(location)) {
                locationContact(location, true, "a probe at " + location + " sends again");
            } else if (!inContact && !lost.contains(location) && watchingSince != null && watchingSince.isBefore(now.minus(grace))) {
                locationContact(location, false, last == null ? "no probe has enrolled at location " + location
                        : "its probes have been silent since " + last + " (grace " + dev.vigil.core.config.Durations.format(grace) + ")");
            }
        }
    }

    /** Tells the engine the host's state by its agent, unless the host has a check of its own (then that decides). */
    private void submitHost(String host, CheckResult result) {
        HostDefinition h = config.current().plan().hosts().get(host);
        if (h == null || h.check() != null) {
            return;
        }
        try {
            engine.submit(Target.host(host), result);
        } catch (NoSuchElementException e) {
            // the host is not monitored (its registration failed or was removed): nothing to mark
        }
    }
}

package dev.vigil.server;

import dev.vigil.checks.Check;
import dev.vigil.checks.PerfdataSamples;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.push.PushMonitors;
import dev.vigil.core.publish.PublicIncidents;
import dev.vigil.server.status.Heartbeats;
import dev.vigil.server.status.StatusPages;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.http.HttpCheck;
import dev.vigil.checks.system.SystemCheck;
import dev.vigil.core.StoreException;
import dev.vigil.core.access.LoginFailures;
import dev.vigil.core.access.Tokens;
import dev.vigil.core.access.Users;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.incidents.Incidents;
import dev.vigil.integrity.Integrity;
import dev.vigil.integrity.fim.packages.Dpkg;
import dev.vigil.logs.Logs;
import dev.vigil.metrics.Metrics;
import dev.vigil.notify.pipeline.Dispatcher;
import dev.vigil.notify.pipeline.Pipeline;
import dev.vigil.notify.report.Reports;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.config.LoadedConfig;
import dev.vigil.server.config.LocalHost;
import dev.vigil.server.config.ServerSettings;
import dev.vigil.server.http.TlsKeys;
import dev.vigil.server.fleet.Agents;
import dev.vigil.server.fleet.CertificateAuthority;
import dev.vigil.server.fleet.Intake;
import dev.vigil.server.report.EngineInventory;
import dev.vigil.store.Database;
import dev.vigil.store.OpenFindings;
import dev.vigil.store.ProcessSnapshots;
import dev.vigil.store.SavedSearches;
import dev.vigil.store.SqliteAuditSeen;
import dev.vigil.store.SqliteEngineStore;
import dev.vigil.store.SqlitePushStore;
import dev.vigil.store.SqlitePublicIncidents;
import dev.vigil.store.SqliteEventLog;
import dev.vigil.store.SqliteFleet;
import dev.vigil.store.SqliteIncidentStore;
import dev.vigil.store.SqliteFimStore;
import dev.vigil.store.SqliteLoginFailures;
import dev.vigil.store.SqliteNotifyStore;
import dev.vigil.store.SqliteRegistrations;
import dev.vigil.store.SqliteTokens;
import dev.vigil.store.SqliteThreatStore;
import dev.vigil.store.SqliteUsers;
import dev.vigil.threats.Threats;
import dev.vigil.threats.source.Site;
import dev.vigil.threats.source.Web;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the stores, the event log and each capability's entry type, then starts,
 * reconfigures and closes them together. Every event of every capability goes one way: producer →
 * {@link SqliteEventLog} → notification {@link Pipeline} → channels.
 */
public final class Vigil implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vigil.class);

    private final Scheduler scheduler;
    private final Machine machine;
    private final Database db;
    private final java.util.Optional<String> sharedStore;
    private final SqliteEventLog events;
    private final SqliteEngineStore store;
    private final Tokens tokens;
    private final Users users;
    private final LoginFailures loginFailures;
    private final LiveConfig config;
    private final CheckEngine engine;
    /** The servers sharing the store; this one alone with the embedded store. */
    private final dev.vigil.core.cluster.Cluster cluster;
    /** The same when the store is shared (PostgreSQL), for its heartbeat; else null. */
    private final dev.vigil.store.StoreCluster storeCluster;
    private final dev.vigil.core.access.SessionStore sessions;
    /** Whether this server runs the once-only work (notifications, incidents, reports); lost, it is not taken again. */
    private boolean leading;
    private boolean ledBefore;
    /** The heartbeat's own thread: checks waiting on a slow store must not hold it up, nor it them. */
    private final java.util.concurrent.ExecutorService beats = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("vigil-cluster").factory());
    private final PushMonitors push;
    private final PublicIncidents publicIncidents;
    private final StatusPages statusPages;
    private final Heartbeats heartbeats;
    private final Pipeline notifications;
    private final Reports reports;
    private final Metrics metrics;
    private final Logs logs;
    private final Integrity integrity;
    private final Threats threats;
    private final dev.vigil.apm.Apm apm;
    private final Incidents incidents;
    private final Agents agents;

    /**
     * The machine Vigil runs on, as it sees it: this one (sampled every interval, audited at "/"), or a replay's
     * stand-in (samples come from the replay, the audit looks at a tree made for it).
     */
    public record Machine(boolean sampled, Path root) {
        public static final Machine THIS = new Machine(true, Path.of("/"));

        public static Machine replayed(Path root) {
            return new Machine(false, root);
        }

        /** The package manager's records of this machine (a replayed tree's own, so none of this machine's show). */
        Dpkg dpkg() {
            if (root.equals(Path.of("/"))) {
                return Dpkg.system();
            }
            return new Dpkg(root.resolve("var/lib/dpkg/info"), root.resolve("var/log/dpkg.log"), java.time.ZoneId.systemDefault(),
                    Path.of("/usr/bin/dpkg-query"));
        }
    }

    public Vigil(ConfigFiles files, LoadedConfig initial, Scheduler scheduler, Executor workers, RandomGenerator random) {
        this(files, initial, scheduler, workers, random, Machine.THIS);
    }

    public Vigil(ConfigFiles files, LoadedConfig initial, Scheduler scheduler, Executor workers, RandomGenerator random, Machine machine) {
        this.scheduler = scheduler;
        this.machine = machine;
        ServerSettings server = initial.server();
        this.db = initial.store().open(server.data());
        this.sharedStore = initial.store().type() == dev.vigil.store.StoreSettings.Type.POSTGRES
                ? java.util.Optional.of(initial.store().describe()) : java.util.Optional.empty();
        this.events = new SqliteEventLog(db);
        this.store = new SqliteEngineStore(db, events);
        this.tokens = new SqliteTokens(db, scheduler.clock());
        this.users = new SqliteUsers(db, scheduler.clock());
        this.sessions = new dev.vigil.store.SqliteSessions(db);
        this.loginFailures = new SqliteLoginFailures(db);
        this.config = new LiveConfig(files, initial, new SqliteRegistrations(db), scheduler.clock(), server.port());
        this.engine = new CheckEngine(scheduler, workers, store, random);
        if (sharedStore.isPresent()) {
            String member = initial.store().member() != null ? initial.store().member() : hostName() + ":"
                    + (server.port() == 0 ? "0-" + dev.vigil.core.RandomId.next().substring(0, 8) : Integer.toString(server.port()));
            this.storeCluster = new dev.vigil.store.StoreCluster(db, member, server.listen(), scheduler.clock(), initial.store().deadAfter(),
                    engine::running);
            this.cluster = storeCluster;
            engine.share(t -> storeCluster.owns("check:" + t));
        } else {
            this.storeCluster = null;
            this.cluster = dev.vigil.core.cluster.Cluster.single(hostName() + ":" + server.port(), server.listen(), engine::running,
                    scheduler.clock());
        }
        this.push = new PushMonitors(scheduler, workers, engine, new SqlitePushStore(db));
        this.publicIncidents = new SqlitePublicIncidents(db);
        this.heartbeats = new Heartbeats(scheduler, workers);
        this.statusPages = new StatusPages(() -> config.current().statusPages(), () -> config.current().plan().hosts(), engine, store,
                publicIncidents, scheduler.clock());
        config.onRegistrationsChanged(next -> applyChecks(next.plan())); // the API's hosts and services are checks only
        var notifyStore = new SqliteNotifyStore(db);
        var dispatcher = new Dispatcher(scheduler, notifyStore, workers, random, initial.notifications());
        this.notifications = new Pipeline(scheduler, events, notifyStore, dispatcher, initial.notifications());
        this.threats = new Threats(scheduler, workers, events, new SqliteThreatStore(db), Web.client());
        this.reports = new Reports(scheduler, events, notifications, new EngineInventory(engine, threats));
        this.incidents = new Incidents(scheduler, events, new SqliteIncidentStore(db), initial.incidents());
        notifications.groupIncidents((id, event) -> incidents.incidentFor(id, event)); // one message per incident
        try {
            this.metrics = Metrics.open(server.data().resolve("rrd"), server.metricsInterval(), scheduler, workers, events,
                    new ProcessSnapshots(db));
        } catch (IOException e) {
            throw new StoreException("cannot open the metric store: " + e.getMessage(), e);
        }
        // The figures of each minute and OTLP metrics become series like any other, within the intake's series budget.
        this.apm = new dev.vigil.apm.Apm(scheduler, (service, name, unit, at, value) -> metrics.intake().record(
                dev.vigil.metrics.SeriesInfo.of(new dev.vigil.metrics.SeriesKey(service, name), unit, "apm"), at, value),
                new dev.vigil.store.SqliteTraceStore(db), initial.apm(), deploy -> events.append(List.of(deploy)));
        engine.onResult((target, result) -> metrics.record(PerfdataSamples.of(target, checkOf(target), result,
                scheduler.clock().instant())));
        this.logs = new Logs(scheduler, workers, server.data(), "localhost", events, new SavedSearches(db, scheduler.clock()));
        this.integrity = new Integrity(scheduler, workers, events, new SqliteFimStore(db, scheduler.clock()),
                new OpenFindings(db, scheduler.clock()), new SqliteAuditSeen(db), machine.dpkg(), machine.root());
        // Every http check's body goes past the leak detectors once, in memory, and is dropped.
        try {
            var ca = CertificateAuthority.open(server.data().resolve("ca"), initial.fleet().names());
            var fleet = new SqliteFleet(db, scheduler.clock());
            this.agents = new Agents(fleet, ca, config, engine, scheduler,
                    new Intake(logs::pipeline, metrics.store(), engine, config, events, scheduler.clock()), events);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new StoreException("cannot open the agents' certificate authority: " + e.getMessage(), e);
        }
        engine.onFetched((target, fetched) -> threats.inspectResponse(target.host(), target.isHost() ? target.host() : target.service(),
                fetched.url(), fetched.status(), fetched.body()));
    }

    /** Every http check's site (scheme, host and port) with the host it is monitored as, for the exposure probe. */
    private List<Site> httpSites() {
        return engine.plan().services().values().stream().filter(s -> s.check() instanceof HttpCheck)
                .map(s -> Site.of(((HttpCheck) s.check()).url(), s.host())).distinct().toList();
    }

    private Check checkOf(Target target) {
        var definition = target.isHost() ? null : engine.plan().services().get(target);
        return definition == null ? null : definition.check();
    }

    /** The checks and the push monitors, which submit to the services the engine now watches. */
    private void applyChecks(Plan plan) {
        engine.apply(plan);
        push.apply(plan);
    }

    /** Applies the configuration plus registrations and starts every capability. */
    public void start() throws ConfigException {
        LoadedConfig first = config.load();
        applyChecks(first.plan());
        notifications.apply(first.notifications());
        if (storeCluster != null) {
            storeCluster.beat();
            Duration heartbeat = first.store().heartbeat();
            // On its own thread, one at a time: a store that does not answer holds up the heartbeat, never the timer.
            java.util.concurrent.atomic.AtomicBoolean beating = new java.util.concurrent.atomic.AtomicBoolean();
            scheduler.every(heartbeat, heartbeat, () -> {
                if (!beating.compareAndSet(false, true)) {
                    return;
                }
                beats.execute(() -> {
                    try {
                        storeCluster.beat();
                        engine.resync(); // another server's checks as it stored them; a share just taken runs now
                        lead();
                    } catch (RuntimeException e) {
                        log.warn("cluster: the other servers' check states could not be read: {}", e.getMessage());
                    } finally {
                        beating.set(false);
                    }
                });
            });
        }
        String local = LocalHost.name(first.plan());
        if (machine.sampled()) {
            metrics.start(local, first.server().metricsInterval(), SystemCheck.localMounts(), first.metrics());
        } else {
            metrics.start(first.metrics());
        }
        logs.start(first.logs(), local, TlsKeys.forSyslog(first.server()));
        integrity.apply(first.integrity(), local);
        threats.apply(first.threats(), this::httpSites);
        incidents.windows(first.incidents());
        incidents.relate(first.plan().relatedHosts());
        lead();
        agents.start();
        heartbeats.apply(first.watch().heartbeats());
        if (first.apm().enabled()) {
            apm.start(); // its settings are read at start: a change to 'apm:' needs a restart
        }
        scheduler.every(Duration.ofMinutes(5), Duration.ofHours(1), () -> { // retention is days: hourly is plenty
            int n = store.pruneResults(scheduler.clock().instant().minus(config.current().server().resultRetention()));
            if (n > 0) {
                log.info("pruned {} check results older than the retention", n);
            }
        });
        log.info("monitoring {} hosts and {} services", first.plan().hosts().size(), first.plan().services().size());
    }

    /**
     * Starts the work that runs once across the servers (notifications, incidents, reports) when this server holds
     * the cluster's lease; stops it for good when the lease went to another server (its in-flight groups are the
     * new leader's to send from the events, and a restart makes this one a candidate again).
     */
    private synchronized void lead() {
        if (cluster.leader() && !leading && !ledBefore) {
            leading = true;
            ledBefore = true;
            if (storeCluster != null) {
                log.info("cluster: {} leads (notifications, incidents, reports)", cluster.self());
            }
            notifications.start();
            reports.start();
            incidents.start();
        } else if (!cluster.leader() && leading) {
            leading = false;
            log.warn("cluster: the lease went to another server; notifications, incidents and reports stop here until a restart");
            notifications.stop();
            reports.close();
            incidents.close();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** The dashboard's sessions, in the store. */
    public dev.vigil.core.access.SessionStore sessions() {
        return sessions;
    }

    /** The servers sharing the store and the work. */
    public dev.vigil.core.cluster.Cluster cluster() {
        return cluster;
    }

    /** Tells the other servers where this one's API answers (its port is known once it listens). */
    public void advertise(String address) {
        if (storeCluster != null) {
            storeCluster.advertise(address);
        }
    }

    /**
     * Re-reads the files; on any error keeps the running config and throws with every error. A valid config
     * is applied whole; if a syslog listener it names then cannot bind, {@link ListenFailure} says so (and
     * the input's problem becomes an event).
     */
    public synchronized Plan reload() throws ConfigException {
        LoadedConfig next = config.reload();
        applyChecks(next.plan());
        notifications.apply(next.notifications());
        metrics.apply(next.metrics());
        String local = LocalHost.name(next.plan());
        List<String> notListening = logs.apply(next.logs(), local, TlsKeys.forSyslog(next.server()));
        integrity.apply(next.integrity(), local);
        threats.apply(next.threats(), this::httpSites);
        incidents.windows(next.incidents());
        incidents.relate(next.plan().relatedHosts());
        heartbeats.apply(next.watch().heartbeats());
        reports.start();
        log.info("configuration reloaded: {} hosts, {} services", next.plan().hosts().size(), next.plan().services().size());
        if (!notListening.isEmpty()) {
            throw new ListenFailure(notListening);
        }
        return next.plan();
    }

    /** What is not working, one line per component, with no internals: for the unauthenticated {@code /healthz}. */
    public List<String> unhealthy() {
        long inputs = logs.inputsNotReading();
        return inputs == 0 ? List.of() : List.of("logs: " + inputs + " input(s) not reading");
    }

    // What the HTTP API, the dashboard and the CLI reach the capabilities through.
    public LoadedConfig config() { return config.current(); }
    /** The config files merged with the API's registrations. */
    public LiveConfig liveConfig() { return config; }
    public CheckEngine engine() { return engine; }
    public PushMonitors push() { return push; }
    public PublicIncidents publicIncidents() { return publicIncidents; }
    public StatusPages statusPages() { return statusPages; }
    public Heartbeats heartbeats() { return heartbeats; }
    public Pipeline notifications() { return notifications; }
    public Metrics metrics() { return metrics; }
    public Logs logs() { return logs; }
    public Integrity integrity() { return integrity; }
    public Threats threats() { return threats; }

    public dev.vigil.apm.Apm apm() { return apm; }

    /** Where the state lives when it is shared (PostgreSQL, in words without the password); empty for the embedded store. */
    public java.util.Optional<String> sharedStore() { return sharedStore; }
    public Incidents incidents() { return incidents; }
    public Reports reports() { return reports; }
    /** The enrolled agents, join tokens and what agents send. */
    public Agents agents() { return agents; }
    /** Every event of every source, and the open problems that are not checks'. */
    public ProblemLog events() { return events; }
    /** The check results as recorded: recent results and availability. */
    public ResultHistory results() { return store; }
    public Tokens tokens() { return tokens; }
    public Users users() { return users; }
    /** Failed sign-ins, kept across restarts for the dashboard's throttle. */
    public LoginFailures loginFailures() { return loginFailures; }
    public Scheduler scheduler() { return scheduler; }

    @Override
    public void close() {
        beats.shutdownNow();
        if (storeCluster != null) {
            storeCluster.leave();
        }
        reports.close();
        notifications.dispatcher().stop();
        metrics.close();
        logs.close();
        integrity.close();
        threats.close();
        incidents.close();
        agents.close();
        heartbeats.close();
        apm.close();
        engine.stop();
        db.close();
    }
}

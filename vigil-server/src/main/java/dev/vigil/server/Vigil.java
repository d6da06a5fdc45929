package dev.vigil.server;

import dev.vigil.checks.Target;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.core.time.Scheduler;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LoadedConfig;
import dev.vigil.server.config.LocalHost;
import dev.vigil.store.Database;
import dev.vigil.store.Registrations;
import dev.vigil.store.SqliteEngineStore;
import dev.vigil.store.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Vigil: the store, the check engine and the configuration it follows. Reloads and runtime
 * registrations go through here so that the plan is always validated as a whole before it is applied.
 */
public final class Vigil implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vigil.class);

    private volatile ConfigFiles files; // null when running on the built-in local host config
    private volatile java.nio.file.Path awaitedConfig; // a file that, once it exists, replaces the built-in config
    private final Scheduler scheduler;
    private final Database db;
    private final dev.vigil.store.SqliteEventLog events;
    private final SqliteEngineStore store;
    private final Tokens tokens;
    private final Registrations registrations;
    private final dev.vigil.store.Users users;
    private final dev.vigil.store.LoginFailures loginFailures;
    private final CheckEngine engine;
    private final dev.vigil.notify.pipeline.Pipeline notifications;
    private final dev.vigil.server.report.Reports reports;
    private final dev.vigil.metrics.Metrics metrics;
    private final dev.vigil.logs.Logs logs;
    private final dev.vigil.integrity.Integrity integrity;
    private final int port;
    private volatile LoadedConfig config;
    private volatile java.util.Set<Target> registered = java.util.Set.of();

    public Vigil(ConfigFiles files, LoadedConfig initial, Scheduler scheduler, Executor workers, RandomGenerator random) {
        this.files = files;
        this.scheduler = scheduler;
        this.config = initial;
        this.port = initial.server().port();
        this.db = Database.open(initial.server().data());
        this.events = new dev.vigil.store.SqliteEventLog(db);
        this.store = new SqliteEngineStore(db, events);
        this.tokens = new Tokens(db, scheduler.clock());
        this.registrations = new Registrations(db);
        this.users = new dev.vigil.store.Users(db, scheduler.clock());
        this.loginFailures = new dev.vigil.store.LoginFailures(db);
        this.engine = new CheckEngine(scheduler, workers, store, random);
        var notifyStore = new dev.vigil.store.SqliteNotifyStore(db);
        var dispatcher = new dev.vigil.notify.pipeline.Dispatcher(scheduler, notifyStore, workers, random, initial.notifications());
        this.notifications = new dev.vigil.notify.pipeline.Pipeline(scheduler, events, notifyStore, dispatcher, initial.notifications());
        this.reports = new dev.vigil.server.report.Reports(this);
        try {
            this.metrics = dev.vigil.metrics.Metrics.open(initial.server().data().resolve("rrd"), initial.server().metricsInterval(),
                    scheduler, workers, events, new dev.vigil.store.ProcessSnapshots(db));
        } catch (java.io.IOException e) {
            throw new dev.vigil.store.StoreException("cannot open the metric store: " + e.getMessage(), e);
        }
        engine.onResult((target, result) -> metrics.record(dev.vigil.checks.PerfdataSamples.of(target, checkOf(target), result,
                scheduler.clock().instant())));
        this.logs = new dev.vigil.logs.Logs(scheduler, workers, initial.server().data(), "localhost", events,
                new dev.vigil.store.SavedSearches(db, scheduler.clock()));
        this.integrity = new dev.vigil.integrity.Integrity(scheduler, workers, events,
                new dev.vigil.store.SqliteFimStore(db, scheduler.clock()), new dev.vigil.store.OpenFindings(db, scheduler.clock()),
                new dev.vigil.store.SqliteAuditSeen(db), dev.vigil.integrity.packages.Dpkg.system());
    }

    private dev.vigil.checks.Check checkOf(Target target) {
        var definition = target.isHost() ? null : engine.plan().services().get(target);
        return definition == null ? null : definition.check();
    }

    /** The host the local machine's metrics belong to: a configured host with a loopback address, else the hostname. */
    public String localHostName() {
        for (var h : engine.plan().hosts().values()) {
            String a = h.address();
            if (a != null && (a.startsWith("127.") || a.equals("::1") || a.equals("localhost"))) {
                return h.name();
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Loads config files (or the built-in local host config) without starting anything. */
    public static LoadedConfig loadConfig(ConfigFiles files, java.time.InstantSource clock, int localPort,
                                          List<Map<String, Object>> hosts, List<Map<String, Object>> services)
            throws ConfigException {
        if (files != null) {
            return files.load(clock, hosts, services);
        }
        ConfigNode root = YamlFiles.parse(LocalHost.detect(localPort), LocalHost.NAME);
        return ConfigFiles.build(List.of(root), new ConfigErrors(), clock, hosts, services);
    }

    /** Applies the configuration plus registrations and starts checking. */
    public void start() throws ConfigException {
        LoadedConfig withRegistrations = load();
        config = withRegistrations;
        registered = readRegistered();
        engine.apply(withRegistrations.plan());
        notifications.apply(withRegistrations.notifications());
        notifications.start();
        reports.start();
        metrics.start(localHostName(), config.server().metricsInterval(),
                dev.vigil.checks.system.SystemCheck.localMounts(), config.metrics());
        logs.start(config.logs(), localHostName(), syslogTls(config.server()));
        integrity.apply(config.integrity(), localHostName());
        schedulePruning();
        log.info("monitoring {} hosts and {} services", config.plan().hosts().size(), config.plan().services().size());
    }

    private LoadedConfig load() throws ConfigException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (Registrations.Registration r : registrations.list()) {
            (r.kind() == Registrations.Kind.HOST ? hosts : services).add(r.definition());
        }
        return loadConfig(files, scheduler.clock(), port, hosts, services);
    }

    private void schedulePruning() {
        scheduler.schedule(scheduler.clock().instant().plus(Duration.ofMinutes(5)), () -> {
            try {
                int n = store.pruneResults(scheduler.clock().instant().minus(config.server().resultRetention()));
                if (n > 0) {
                    log.info("pruned {} check results older than the retention", n);
                }
            } catch (RuntimeException e) {
                log.warn("pruning results failed: {}", e.getMessage());
            }
            schedulePruning();
        });
    }

    /**
     * Started on the built-in config: {@code file} (./vigil.yml) is read by the first reload after it appears,
     * as a user who writes a config next to a running Vigil expects.
     */
    public void adoptConfigWhenCreated(java.nio.file.Path file) {
        this.awaitedConfig = file;
    }

    /** The config file in use, or null on the built-in one. */
    public java.nio.file.Path configFile() {
        ConfigFiles f = files;
        return f == null ? null : f.path();
    }

    /**
     * Re-reads the files; on any error keeps the running config and throws with every error. A valid config
     * is applied whole; if a syslog listener it names then cannot bind, {@link ListenFailure} says so (and
     * the input's problem becomes an event).
     */
    public synchronized Plan reload() throws ConfigException {
        java.nio.file.Path awaited = awaitedConfig;
        ConfigFiles before = files;
        if (before == null && awaited != null && java.nio.file.Files.isRegularFile(awaited)) {
            files = new ConfigFiles(awaited, awaited.getFileName().toString());
        }
        LoadedConfig next;
        try {
            next = load();
        } catch (ConfigException e) {
            files = before; // a new file with errors does not replace the built-in config
            throw e;
        }
        if (before == null && files != null) {
            log.info("reloading from {} instead of the built-in config", files.path().getFileName());
        }
        config = next;
        registered = readRegistered();
        engine.apply(next.plan());
        notifications.apply(next.notifications());
        metrics.apply(next.metrics());
        List<String> notListening = logs.apply(next.logs(), localHostName(), syslogTls(next.server()));
        integrity.apply(next.integrity(), localHostName());
        reports.start();
        log.info("configuration reloaded: {} hosts, {} services", next.plan().hosts().size(), next.plan().services().size());
        if (!notListening.isEmpty()) {
            throw new ListenFailure(notListening);
        }
        return next.plan();
    }

    /** Syslog over TLS uses the server's own keys (null when the server has none). */
    private static dev.vigil.logs.SyslogTls syslogTls(dev.vigil.server.config.ServerSettings server) {
        return server.tls() == null ? null : new dev.vigil.logs.SyslogTls(server.tls(),
                () -> dev.vigil.server.http.TlsKeys.serverContext(server.tls(), server.data(), server.host()));
    }

    /** A reload that was applied, except for listeners that could not bind. */
    public static final class ListenFailure extends RuntimeException {
        private final List<String> problems;

        ListenFailure(List<String> problems) {
            super("the configuration was reloaded, but: " + String.join("; ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * What is not working, one line per component, with no internals (no paths, no messages): for the
     * unauthenticated {@code /healthz}. Empty when all is well.
     */
    public List<String> unhealthy() {
        List<String> out = new ArrayList<>();
        long inputs = logs.pipeline().inputs().stream().filter(i -> i.problem() != null).count();
        if (inputs > 0) {
            out.add("logs: " + inputs + " input(s) not reading");
        }
        return out;
    }

    /**
     * Registers (or replaces) a runtime host or service after validating the whole resulting plan; nothing
     * is stored when it would not validate.
     */
    public synchronized Plan register(Registrations.Registration registration) throws ConfigException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (Registrations.Registration r : registrations.list()) {
            if (r.kind() == registration.kind() && r.host().equals(registration.host())
                    && java.util.Objects.equals(r.service(), registration.service())) {
                continue; // replaced
            }
            (r.kind() == Registrations.Kind.HOST ? hosts : services).add(r.definition());
        }
        (registration.kind() == Registrations.Kind.HOST ? hosts : services).add(registration.definition());
        LoadedConfig next = loadConfig(files, scheduler.clock(), port, hosts, services);
        refuseUnsafe(registration, next);
        registrations.save(registration);
        config = next;
        registered = readRegistered();
        engine.apply(next.plan());
        return next.plan();
    }

    /** A registration the {@code api:} section does not allow (a command to run, a target outside the allowed ones). */
    public static final class RegistrationRefused extends RuntimeException {
        RegistrationRefused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Judges the registered object as it resolved (templates included): a check that runs a command needs
     * {@code api.allow_exec_registration}; one that connects somewhere needs a target in {@code api.allowed_targets}.
     */
    private static void refuseUnsafe(Registrations.Registration r, LoadedConfig next) {
        var api = next.api();
        String type;
        dev.vigil.checks.Check check;
        if (r.kind() == Registrations.Kind.HOST) {
            var h = next.plan().hosts().get(r.host());
            type = h == null ? null : h.checkType();
            check = h == null ? null : h.check();
        } else {
            var d = next.plan().services().get(Target.service(r.host(), r.service()));
            type = d == null ? null : d.type();
            check = d == null ? null : d.check();
        }
        if (check instanceof dev.vigil.checks.exec.ExecCheck || "exec".equals(type)) {
            if (!api.allowExecRegistration()) {
                throw new RegistrationRefused("checks that run a command can only come from the configuration files "
                        + "(or set api: {allow_exec_registration: true})");
            }
        }
        if (check != null && check.target().isPresent() && !api.allows(check.target().get())) {
            throw new RegistrationRefused("target '" + check.target().get() + "' is not in api.allowed_targets");
        }
    }

    /**
     * Removes a runtime registration (a host's removal takes its registered services along); false if there
     * was none, e.g. the object comes from a file. Validated first, so a removal that would orphan objects
     * in files is refused and nothing changes.
     */
    public synchronized boolean unregister(Registrations.Kind kind, String host, String service) throws ConfigException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        boolean found = false;
        for (Registrations.Registration r : registrations.list()) {
            boolean removed = kind == Registrations.Kind.HOST
                    ? r.host().equals(host)
                    : r.kind() == Registrations.Kind.SERVICE && r.host().equals(host) && r.service().equals(service);
            boolean match = removed && r.kind() == kind;
            found |= match;
            if (!removed) {
                (r.kind() == Registrations.Kind.HOST ? hosts : services).add(r.definition());
            }
        }
        if (!found) {
            return false;
        }
        LoadedConfig next = loadConfig(files, scheduler.clock(), port, hosts, services);
        registrations.remove(kind, host, service);
        config = next;
        registered = readRegistered();
        engine.apply(next.plan());
        return true;
    }

    /**
     * Whether an object was registered through the API (not from a file). Answered from a set refreshed on
     * every load, so listing 20,000 services does not read the database 20,000 times.
     */
    public boolean isRegistered(Target target) {
        return registered.contains(target);
    }

    private java.util.Set<Target> readRegistered() {
        java.util.Set<Target> out = new java.util.HashSet<>();
        for (Registrations.Registration r : registrations.list()) {
            out.add(r.kind() == Registrations.Kind.HOST ? Target.host(r.host()) : Target.service(r.host(), r.service()));
        }
        return out;
    }

    public LoadedConfig config() {
        return config;
    }

    public CheckEngine engine() {
        return engine;
    }

    public dev.vigil.notify.pipeline.Pipeline notifications() {
        return notifications;
    }

    /** The busiest processes of this machine around a moment, if the local collector has a snapshot. */
    public java.util.Optional<dev.vigil.metrics.collect.TopProcesses.Snapshot> topProcesses(String host, java.time.Instant at) {
        return host.equals(localHostName()) ? metrics.topProcesses(at) : java.util.Optional.empty();
    }

    /** The log index (search) and pipeline (counters), and why any log source is not being read. */
    public dev.vigil.logs.search.LogIndex logIndex() {
        return logs.index();
    }

    public dev.vigil.logs.LogPipeline logPipeline() {
        return logs.pipeline();
    }

    /** Integrity: pending changes, open audit findings, and accepting a planned change. */
    public List<dev.vigil.integrity.fim.Change> pendingChanges() {
        return integrity.pending();
    }

    public List<dev.vigil.integrity.FindingStore.Open> auditFindings() {
        return integrity.findings();
    }

    public dev.vigil.integrity.config.IntegrityPlan integrityPlan() {
        return integrity.plan();
    }

    public List<String> integrityProblems() {
        return integrity.problems();
    }

    /** Accepts the current state of {@code path} (or of everything, when null) as the integrity baseline. */
    public int acceptIntegrity(String path) throws java.io.IOException {
        return integrity.accept(path);
    }

    /** Runs an integrity scan now (on this thread); used by tests and the dashboard. */
    public void scanIntegrityNow() {
        integrity.scan(integrity.plan().paths());
    }

    /** Log searches saved from the dashboard. */
    public dev.vigil.logs.SavedSearchStore savedSearches() {
        return logs.stored();
    }

    /** Evaluates the saved searches that alert now (the server does it every minute). */
    public void evaluateSavedSearchesNow() {
        logs.evaluateSavedSearches();
    }

    /** Every saved search: the configured ones and those saved from the dashboard. */
    public List<dev.vigil.logs.config.LogsPlan.SavedSearch> allSavedSearches() {
        return logs.savedSearches();
    }

    public List<String> logProblems() {
        return logs.problems();
    }

    public dev.vigil.logs.config.LogsPlan logsPlan() {
        return logs.plan();
    }

    public dev.vigil.metrics.MetricStore metrics() {
        return metrics.store();
    }

    public dev.vigil.server.report.Reports reports() {
        return reports;
    }

    /** Every event of every source, and the open problems that are not checks'. */
    public dev.vigil.store.SqliteEventLog events() {
        return events;
    }

    public SqliteEngineStore store() {
        return store;
    }

    public Tokens tokens() {
        return tokens;
    }

    public dev.vigil.store.Users users() {
        return users;
    }

    /** Failed sign-ins, kept across restarts for the dashboard's throttle. */
    public dev.vigil.store.LoginFailures loginFailures() {
        return loginFailures;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        notifications.dispatcher().stop();
        metrics.close();
        logs.close();
        integrity.close();
        engine.stop();
        db.close();
    }
}

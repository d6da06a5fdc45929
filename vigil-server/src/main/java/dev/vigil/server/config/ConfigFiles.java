package dev.vigil.server.config;

import dev.vigil.checks.config.PlanReader;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.integrity.config.IntegrityReader;
import dev.vigil.incidents.config.IncidentsReader;
import dev.vigil.threats.config.ThreatsReader;
import dev.vigil.apm.config.ApmSettings;
import dev.vigil.logs.config.LogsReader;
import dev.vigil.metrics.config.CollectorsReader;
import dev.vigil.notify.config.NotifyPlanReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads {@code vigil.yml} plus every {@code conf.d/*.yml} beside it (in name order), like Icinga's and
 * nginx's include directories, and validates all of it together so cross-file references work.
 */
public final class ConfigFiles {
    private final Path main;
    private final String displayName;

    /**
     * @param displayName how the main file is named in error messages (conf.d files are named relative
     *     to it); the server uses the bare file name so no internal path reaches API clients
     */
    public ConfigFiles(Path main, String displayName) {
        this.main = main;
        this.displayName = displayName;
    }

    public Path path() {
        return main;
    }

    /** Reads and validates everything, adding runtime-registered objects; throws with every error. */
    public LoadedConfig load(InstantSource clock, List<Map<String, Object>> extraHosts,
                             List<Map<String, Object>> extraServices) throws ConfigException {
        List<ConfigNode> roots = new ArrayList<>();
        ConfigErrors errors = new ConfigErrors();
        try {
            roots.add(YamlFiles.read(main, displayName));
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
        Path confd = main.resolveSibling("conf.d");
        if (Files.isDirectory(confd)) {
            try (Stream<Path> files = Files.list(confd)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                        .sorted().toList()) {
                    String name = Path.of(displayName).resolveSibling("conf.d").resolve(f.getFileName()).toString();
                    try {
                        roots.add(YamlFiles.read(f, name));
                    } catch (ConfigException e) {
                        errors.addAll(e.errors());
                    }
                }
            } catch (IOException e) {
                errors.add(new Location(displayName, 1), "cannot list conf.d directory: " + e.getClass().getSimpleName());
            }
        }
        return build(roots, errors, clock, extraHosts, extraServices);
    }

    /** The top-level key that keeps the built-in monitoring of this host in a config of one's own. */
    public static final String LOCAL_DEFAULTS = "local_defaults";

    /**
     * {@code local_defaults: true} in any file puts the built-in monitoring of this host (system checks, its
     * logs, integrity and the audit) in front of the files, so writing a config does not switch it all off.
     * A file's own {@code logs:} or {@code integrity:} replaces the built-in one.
     */
    private static List<ConfigNode> withLocalDefaults(List<ConfigNode> roots) throws ConfigException {
        boolean wanted = false;
        boolean ownLogs = false;
        boolean ownIntegrity = false;
        int port = ServerSettings.DEFAULT.port();
        for (ConfigNode root : roots) {
            Section peek = Section.of(root, "the top level of a config file", new ConfigErrors()); // errors come later
            wanted |= peek.bool(LOCAL_DEFAULTS, false);
            ownLogs |= peek.has(LogsReader.KEY);
            ownIntegrity |= peek.has(IntegrityReader.KEY);
            if (peek.has("server")) {
                port = ServerSettings.read(Section.of(peek.node("server").orElseThrow(), "'server'", new ConfigErrors())).port();
            }
        }
        if (!wanted) {
            return roots;
        }
        List<ConfigNode> out = new ArrayList<>();
        out.add(YamlFiles.parse(LocalHost.detect(port, !ownIntegrity, !ownLogs), LocalHost.NAME));
        out.addAll(roots);
        return out;
    }

    /** Validates already-parsed roots (the first may hold {@code server:}). */
    public static LoadedConfig build(List<ConfigNode> roots, ConfigErrors errors, InstantSource clock,
                                     List<Map<String, Object>> extraHosts,
                                     List<Map<String, Object>> extraServices) throws ConfigException {
        roots = withLocalDefaults(roots);
        PlanReader reader = new PlanReader(errors, clock);
        NotifyPlanReader notify = new NotifyPlanReader(errors, System.getenv());
        ServerSettings server = ServerSettings.DEFAULT;
        boolean serverSeen = false;
        List<ConfigNode> collectorNodes = new ArrayList<>();
        List<ConfigNode> alertNodes = new ArrayList<>();
        Duration horizon = Duration.ofDays(14);
        ConfigNode remoteWrite = null;
        ConfigNode intake = null;
        ConfigNode logs = null;
        ConfigNode integrity = null;
        ConfigNode threats = null;
        ConfigNode apm = null;
        ConfigNode store = null;
        ConfigNode incidents = null;
        ApiSettings api = ApiSettings.DEFAULT;
        ConfigNode agents = null;
        List<ConfigNode> autoregister = new ArrayList<>();
        List<ConfigNode> statusPages = new ArrayList<>();
        List<ConfigNode> heartbeats = new ArrayList<>();
        List<ConfigNode> peers = new ArrayList<>();
        for (ConfigNode root : roots) {
            Section s = Section.of(root, "the top level of a config file", errors);
            if (s.has("server")) {
                if (serverSeen) {
                    s.error("server", "'server' may only be set once (in vigil.yml)");
                } else {
                    serverSeen = true;
                    server = ServerSettings.read(Section.of(s.node("server").orElseThrow(), "'server'", errors));
                }
            }
            if (s.has(ApiSettings.KEY)) {
                api = ApiSettings.read(Section.of(s.node(ApiSettings.KEY).orElseThrow(), "'api'", errors));
            }
            if (s.has(FleetSettings.KEY)) {
                if (agents != null) {
                    s.error(FleetSettings.KEY, "'agents' may only be set once");
                }
                agents = s.node(FleetSettings.KEY).orElseThrow();
            }
            autoregister.addAll(s.list(FleetSettings.AUTOREGISTER_KEY));
            statusPages.addAll(s.list(StatusPageSettings.KEY));
            s.node(WatchSettings.HEARTBEAT_KEY).ifPresent(h -> {
                if (h instanceof ConfigNode.Sequence) {
                    heartbeats.addAll(s.list(WatchSettings.HEARTBEAT_KEY));
                } else {
                    heartbeats.add(h);
                }
            });
            peers.addAll(s.list(WatchSettings.PEERS_KEY));
            s.bool(LOCAL_DEFAULTS, false); // read by withLocalDefaults; here only so the key is known
            reader.addFile(s);
            notify.addFile(s);
            collectorNodes.addAll(s.list(CollectorsReader.KEY));
            alertNodes.addAll(s.list(CollectorsReader.ALERTS_KEY));
            horizon = s.duration(CollectorsReader.HORIZON_KEY, horizon);
            remoteWrite = s.node(CollectorsReader.REMOTE_WRITE_KEY).orElse(remoteWrite);
            intake = s.node(CollectorsReader.INTAKE_KEY).orElse(intake);
            if (s.has(LogsReader.KEY)) {
                if (logs != null) {
                    s.error(LogsReader.KEY, "'logs' may only be set once");
                }
                logs = s.node(LogsReader.KEY).orElseThrow();
            }
            if (s.has(IntegrityReader.KEY)) {
                if (integrity != null) {
                    s.error(IntegrityReader.KEY, "'integrity' may only be set once");
                }
                integrity = s.node(IntegrityReader.KEY).orElseThrow();
            }
            if (s.has(ThreatsReader.KEY)) {
                if (threats != null) {
                    s.error(ThreatsReader.KEY, "'threats' may only be set once");
                }
                threats = s.node(ThreatsReader.KEY).orElseThrow();
            }
            if (s.has(ApmSettings.KEY)) {
                if (apm != null) {
                    s.error(ApmSettings.KEY, "'apm' may only be set once");
                }
                apm = s.node(ApmSettings.KEY).orElseThrow();
            }
            if (s.has(dev.vigil.store.StoreSettings.KEY)) {
                if (store != null) {
                    s.error(dev.vigil.store.StoreSettings.KEY, "'store' may only be set once");
                }
                store = s.node(dev.vigil.store.StoreSettings.KEY).orElseThrow();
            }
            if (s.has(IncidentsReader.KEY)) {
                if (incidents != null) {
                    s.error(IncidentsReader.KEY, "'incidents' may only be set once");
                }
                incidents = s.node(IncidentsReader.KEY).orElseThrow();
            }
            s.accept(PlanReader.TOP_LEVEL_KEYS.toArray(String[]::new));
            s.accept(NotifyPlanReader.TOP_LEVEL_KEYS.toArray(String[]::new));
            s.finish();
        }
        // The peers are hosts with a push monitor each, as if the files said so.
        var watch = WatchSettings.read(heartbeats, peers, errors);
        for (Map<String, Object> h : watch.hosts()) {
            reader.addHost(ConfigNode.fromValue(h, new Location("peer '" + h.get("name") + "'", 1)));
        }
        for (Map<String, Object> sv : watch.services()) {
            reader.addService(ConfigNode.fromValue(sv, new Location("peer '" + sv.get("host") + "'", 1)));
        }
        for (Map<String, Object> h : extraHosts) {
            reader.addHost(ConfigNode.fromValue(h, new Location("registered host '" + h.get("name") + "'", 1)));
        }
        for (Map<String, Object> sv : extraServices) {
            reader.addService(ConfigNode.fromValue(sv, new Location("registered service '" + sv.get("name") + "'", 1)));
        }
        var plan = reader.build();
        var notifyPlan = notify.build();
        var collectors = CollectorsReader.read(collectorNodes, errors);
        var rules = CollectorsReader.rules(alertNodes, errors);
        var logsPlan = LogsReader.read(logs, errors);
        var integrityPlan = IntegrityReader.read(integrity, errors);
        var threatsPlan = ThreatsReader.read(threats, errors, System.getenv());
        var incidentWindows = IncidentsReader.read(incidents, errors);
        var remote = CollectorsReader.remoteWrite(remoteWrite, errors);
        var intakeSettings = CollectorsReader.intake(intake, errors);
        var fleet = FleetSettings.read(agents, autoregister, errors);
        var pages = StatusPageSettings.read(statusPages, errors);
        var apmSettings = ApmSettings.read(apm, errors);
        var storeSettings = dev.vigil.store.StoreSettings.read(store, errors, System.getenv());
        errors.throwIfAny();
        return new LoadedConfig(server, plan, notifyPlan,
                new CollectorsReader.MetricsPlan(collectors, rules, horizon, remote, intakeSettings), logsPlan, integrityPlan,
                threatsPlan, incidentWindows, api, fleet, pages, watch, apmSettings, storeSettings);
    }
}

package dev.vigil.server.cli;

import dev.vigil.core.config.ConfigException;
import dev.vigil.core.text.LogText;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.ListenFailure;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.FleetSettings;
import dev.vigil.server.fleet.AgentListener;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.config.LoadedConfig;
import dev.vigil.server.config.ServerSettings;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.http.OtlpListener;
import dev.vigil.server.http.TlsKeys;
import dev.vigil.server.web.Pages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil server}: monitors according to the config (or this host by default) and serves the API. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run Vigil: checks, state, API on 127.0.0.1:8080 and the status page.")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Config file (default: ./vigil.yml if present, "
            + "else monitor this host with built-in settings)")
    Path config;

    @Option(names = "--data", description = "Data directory (overrides server.data)")
    Path data;

    @Option(names = "--listen", description = "HOST:PORT to listen on (overrides server.listen)")
    String listen;

    @Override
    public Integer call() throws Exception {
        quietUncaughtExceptions();
        ConfigFiles files = ConfigSource.files(config);
        LoadedConfig loaded;
        try {
            loaded = LiveConfig.load(files, InstantSource.system(), 8080, List.of(), List.of());
        } catch (ConfigException e) {
            e.errors().forEach(err -> System.err.println(err));
            System.err.println("vigil: configuration has " + e.errors().size() + " error(s); not starting");
            return 2;
        }
        ServerSettings s = loaded.server();
        if (listen != null) {
            try {
                s = s.withListen(listen);
            } catch (IllegalArgumentException e) {
                System.err.println("vigil: " + e.getMessage());
                return 2;
            }
        }
        if (data != null) {
            s = s.withData(data);
        }
        return serve(files, loaded.withServer(s), Vigil.Machine.THIS, vigil -> { });
    }

    /**
     * Runs Vigil with {@code loaded} on the real clock and serves the dashboard and API until the process is
     * stopped; {@code prepared} sees the Vigil before it starts (the demo adds its user there).
     */
    public static int serve(ConfigFiles files, LoadedConfig loaded, Vigil.Machine machine, java.util.function.Consumer<Vigil> prepared)
            throws InterruptedException {
        ServerSettings s = loaded.server();
        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        var workers = SystemScheduler.workers();
        Vigil vigil = new Vigil(files, loaded, scheduler, workers, new Random(), machine);
        prepared.accept(vigil);
        if (files == null) {
            vigil.liveConfig().adoptWhenCreated(Path.of("vigil.yml"));
        }
        HttpServer http;
        try {
            http = new HttpServer(vigil, s.tls() == null ? null : TlsKeys.keyStore(s.tls(), s.data(), s.host()), new Pages(vigil, s.tls() != null));
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("vigil: cannot load the TLS certificate or key: " + e.getMessage());
            vigil.close();
            return 2;
        }
        int port;
        try {
            vigil.start();
            port = http.start(s.host(), s.port());
        } catch (ConfigException e) {
            e.errors().forEach(err -> System.err.println(err));
            vigil.close();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("vigil: cannot start: " + e.getMessage());
            vigil.close();
            return 1;
        }
        System.out.println("Vigil is monitoring " + loaded.plan().hosts().size() + " host(s) and "
                + loaded.plan().services().size() + " service(s); dashboard and API on "
                + (s.tls() == null ? "http://" : "https://")
                + (s.host().contains(":") ? "[" + s.host() + "]" : s.host()) + ":" + port + "/ ; data in "
                + s.data().toAbsolutePath().normalize());
        System.out.println(files == null
                ? "Config: built-in (this host's checks, metrics, logs, integrity and audit); write "
                        + Path.of("vigil.yml").toAbsolutePath() + " and reload to change it"
                : "Config: " + files.path() + (Files.isDirectory(files.path().resolveSibling("conf.d")) ? " and conf.d/*.yml" : ""));
        System.out.println("On: " + capabilities(loaded));
        vigil.advertise((s.tls() == null ? "http://" : "https://") + (s.host().contains(":") ? "[" + s.host() + "]" : s.host()) + ":" + port);
        vigil.sharedStore().ifPresent(where -> System.out.println("State: " + where
                + " (metrics, the log index and the agents' CA stay in the data directory)"));
        String base = (s.tls() == null ? "http://" : "https://") + (s.host().contains(":") ? "[" + s.host() + "]" : s.host()) + ":" + port;
        // How this user starts Vigil: "./vigil" from a checkout, "sudo -u vigil vigil" for the Debian package.
        String command = System.getenv().getOrDefault("VIGIL_COMMAND", "vigil");
        Path dataDir = s.data();
        http.site().setupLink().ifPresent(link -> System.out.println("No user exists yet. Create the first admin "
                + "(this link works once): " + base + link + "\n  or: " + command + " user add NAME --role admin --data " + dataDir));
        if (vigil.tokens().list().isEmpty()) {
            System.out.println("No API token exists yet. Create one with: " + command + " token create --data " + s.data());
        }
        AgentListener agents = listenForAgents(vigil, loaded.fleet(), command, s.data());
        OtlpListener traces = listenForTraces(vigil, loaded.apm().otlpListen());
        reloadOnHangup(vigil);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (agents != null) {
                agents.close();
            }
            if (traces != null) {
                traces.close();
            }
            http.close();
            vigil.close();
            scheduler.close();
            workers.shutdownNow();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Starts the agents' TLS listener. One that cannot bind (the port is taken) is said and leaves the rest running:
     * the dashboard and checks do not depend on it.
     */
    private static AgentListener listenForAgents(Vigil vigil, FleetSettings fleet, String command, Path data) {
        if (!fleet.listening()) {
            System.out.println("Agents: off (agents: {listen: off})");
            return null;
        }
        try {
            AgentListener listener = new AgentListener(vigil.agents(), fleet.host(), fleet.port());
            int port = listener.start();
            String h = fleet.host().contains(":") ? "[" + fleet.host() + "]" : fleet.host();
            System.out.println("Agents: https://" + h + ":" + port + " (server CA " + vigil.agents().authority().fingerprint()
                    + "); enroll one with: " + command + " agent-token create --data " + data);
            return listener;
        } catch (Exception e) {
            System.err.println("vigil: agents cannot connect: the agent listener on " + fleet.host() + ":" + fleet.port()
                    + " did not start (" + e.getMessage() + "); set agents: {listen: HOST:PORT} or {listen: off}");
            return null;
        }
    }

    /** Starts the OTLP/HTTP listener for application traces when {@code apm: {otlp: ...}} asks; one that cannot bind is said. */
    private static OtlpListener listenForTraces(Vigil vigil, String listen) {
        if (listen == null) {
            return null;
        }
        String host = listen.substring(0, listen.lastIndexOf(':')).replaceAll("^\\[|]$", "");
        int wanted = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        try {
            OtlpListener listener = OtlpListener.of(vigil);
            int port = listener.start(host, wanted);
            System.out.println("Traces (OTLP/HTTP): http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                    + "/v1/traces (a token with scope 'submit')");
            return listener;
        } catch (RuntimeException e) {
            System.err.println("vigil: application traces cannot be sent: the OTLP listener on " + listen + " did not start ("
                    + e.getMessage() + "); set apm: {otlp: {listen: HOST:PORT}}");
            return null;
        }
    }

    /**
     * {@code kill -HUP} (what {@code systemctl reload} sends) re-reads the config, as Nagios does. Started
     * under {@code nohup} the signal is ignored and the JVM keeps it so; that is said, not left silent.
     */
    private static void reloadOnHangup(Vigil vigil) {
        try {
            var previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    var plan = vigil.reload();
                    System.out.println("vigil: reloaded: " + plan.hosts().size() + " host(s), "
                            + plan.services().size() + " service(s)");
                } catch (ConfigException e) {
                    e.errors().forEach(err -> System.err.println(err));
                    System.err.println("vigil: reload refused; the running configuration is unchanged");
                } catch (ListenFailure e) {
                    System.err.println("vigil: " + e.getMessage());
                }
            });
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                System.err.println("vigil: SIGHUP is ignored in this process (started under nohup?), so kill -HUP will "
                        + "not reload; use POST /api/v1/reload with an admin token, or start Vigil without nohup");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: SIGHUP is not available here; reload with POST /api/v1/reload");
        }
    }

    /** What this configuration turns on, so a config file that switched something off says so at start. */
    public static String capabilities(LoadedConfig c) {
        List<String> on = new ArrayList<>();
        on.add("checks (" + c.plan().hosts().size() + " hosts, " + c.plan().services().size() + " services)");
        on.add("metrics");
        var logs = c.logs();
        int inputs = logs.files().size() + (logs.syslog() != null ? 1 : 0);
        on.add(inputs > 0 || Boolean.TRUE.equals(logs.journald()) ? "logs (" + inputs + " file/syslog inputs"
                + (Boolean.FALSE.equals(logs.journald()) ? "" : ", journald if present") + ")" : "logs: off (no logs: section)");
        on.add(c.integrity().enabled() ? "integrity and audit (" + c.integrity().paths().size() + " paths)"
                : "integrity and audit: off (no integrity: section; local_defaults: true keeps the built-in one)");
        var threats = c.threats();
        on.add("leaks (" + threats.sources().size() + " sources, " + threats.watch().terms().size() + " watched terms, "
                + threats.watch().ownSecretCount() + " own secret hashes" + (threats.checkBodies() ? ", http check bodies scanned" : "") + ")");
        if (c.apm().enabled()) {
            on.add("application traces (OTLP on " + c.apm().otlpListen() + ")");
        }
        return String.join("; ", on);
    }

    /**
     * A thread that dies of an exception nobody caught says which thread and what kind of failure, on one
     * line: no stack trace (it names internal paths and classes) and no message (it may carry a value).
     */
    private static void quietUncaughtExceptions() {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> LoggerFactory.getLogger(ServerCommand.class)
                .error("thread '{}' stopped: {}", LogText.safe(t.getName()), e.getClass().getName()));
    }
}

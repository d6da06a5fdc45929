package dev.vigil.server;

import dev.vigil.server.cli.AgentCommand;
import dev.vigil.server.cli.AgentTokenCommand;
import dev.vigil.server.cli.AgentsCommand;
import dev.vigil.server.cli.StoreCommand;
import dev.vigil.server.cli.MetricsCommand;
import dev.vigil.server.cli.ProbeCommand;
import dev.vigil.server.cli.AuditCommand;
import dev.vigil.server.cli.CheckCommand;
import dev.vigil.server.cli.ConfigCommand;
import dev.vigil.server.cli.DemoCommand;
import dev.vigil.server.cli.FimCommand;
import dev.vigil.server.cli.LogtestCommand;
import dev.vigil.server.cli.ScanCommand;
import dev.vigil.server.cli.ServerCommand;
import dev.vigil.server.cli.TokenCommand;
import dev.vigil.server.cli.UserCommand;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code vigil} command. Without a subcommand it runs the server. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Self-hosted monitoring and security monitoring.",
        subcommands = {ServerCommand.class, CheckCommand.class, ConfigCommand.class, TokenCommand.class,
                UserCommand.class, LogtestCommand.class, FimCommand.class, AuditCommand.class, ScanCommand.class, DemoCommand.class,
                AgentCommand.class, AgentTokenCommand.class, AgentsCommand.class, ProbeCommand.class, MetricsCommand.class, StoreCommand.class})
public final class Main implements Runnable {
    /** Held so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
    private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");

    public static void main(String[] args) {
        // Quiet by default; the server raises its own level. Set before any logger is created.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("vigil.log", "warn"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        // The demo's replay would log ten weeks of routine (pruning, baselines); its table says what matters.
        boolean demo = args.length > 0 && args[0].equals("demo");
        System.setProperty("org.slf4j.simpleLogger.log.dev.vigil", System.getProperty("vigil.log", demo ? "warn" : "info"));
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.oshi", "error");
        // Lucene logs through java.util.logging in a second format, about a vector module Vigil does not use.
        LUCENE_LOG.setLevel(Level.SEVERE);
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        if (args.length > 0 && args[0].equals("agent")) {
            // The agent runs on every server: it gets only its own command, not the whole tree (whose classes picocli
            // loads to build it: the server's, a few MB of memory the agent would keep for nothing).
            return new CommandLine(new AgentCommand()).setCommandName("vigil agent").execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("probe")) { // the same for a probe
            return new CommandLine(new ProbeCommand()).setCommandName("vigil probe").execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("check").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        return cli.execute(withDefaultCommand(args));
    }

    /**
     * No subcommand means {@code server}, with whatever options follow: {@code vigil --listen 127.0.0.1:18081}
     * is {@code vigil server --listen 127.0.0.1:18081}. Help and version stay the program's own.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0) {
            return new String[] {"server"};
        }
        boolean own = Set.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (args[0].startsWith("-") && !own) {
            String[] out = new String[args.length + 1];
            out[0] = "server";
            System.arraycopy(args, 0, out, 1, args.length);
            return out;
        }
        return args;
    }

    @Override
    public void run() {
        // Unreachable: run() maps no arguments to "server".
        new CommandLine(this).usage(System.out);
    }
}

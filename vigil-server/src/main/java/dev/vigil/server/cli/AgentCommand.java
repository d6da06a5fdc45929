package dev.vigil.server.cli;

import dev.vigil.agent.Agent;
import dev.vigil.agent.Submissions;
import dev.vigil.agent.wire.Labels;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil agent}: runs the agent on this machine (enrolling first with {@code --join}), and {@code vigil agent
 * submit} hands it a passive result from a local script.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, subcommands = AgentCommand.Submit.class,
        description = "Run the Vigil agent: this machine's metrics, logs and plugins, sent to a Vigil server over mutual TLS.")
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--server", description = "The server's agent listener, https://HOST:PORT (needed to enroll)")
    URI server;

    @Option(names = "--join", description = "A join token from: vigil agent-token create (needed once, to enroll)")
    String join;

    @Option(names = "--ca-fingerprint", description = "Enroll only if the server's CA has this SHA-256 fingerprint (the server prints it)")
    String caFingerprint;

    @Option(names = "--data", defaultValue = "agent-data", description = "The agent's directory: identity, buffer, plan (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--host", description = "The host name to report as (default: this machine's)")
    String host;

    @Option(names = "--labels", description = "The agent's own labels, e.g. role=web (a join token's labels win)")
    String labels;

    @Option(names = "--buffer-mb", defaultValue = "256", description = "The on-disk buffer's bound in MB; past it the oldest data is dropped and counted (default: ${DEFAULT-VALUE})")
    long bufferMb;

    @Option(names = "--nrpe", description = "Also answer NRPE requests for an existing Nagios on HOST:PORT (default: off)")
    String nrpe;

    @Option(names = "--nrpe-config", defaultValue = "/etc/nagios/nrpe.cfg",
            description = "The nrpe.cfg whose commands, allowed_hosts and dont_blame_nrpe --nrpe follows (default: ${DEFAULT-VALUE})")
    Path nrpeConfig;

    @Option(names = "--nrpe-tls", defaultValue = "anonymous",
            description = "anonymous (TLS with anonymous Diffie-Hellman, NRPE's default) or none (as nrpe -n) (default: ${DEFAULT-VALUE})")
    String nrpeTls;

    @Override
    public Integer call() throws Exception {
        return run("vigil agent", () -> {
            if (bufferMb < 1) {
                throw new IllegalArgumentException("--buffer-mb must be at least 1");
            }
            if (!nrpeTls.equals("anonymous") && !nrpeTls.equals("none")) {
                throw new IllegalArgumentException("--nrpe-tls must be anonymous or none");
            }
            if (nrpe != null && !nrpe.matches(".+:\\d{1,5}")) {
                throw new IllegalArgumentException("--nrpe must be HOST:PORT such as 0.0.0.0:5666");
            }
            return Agent.open(new Agent.Options(server, join, caFingerprint, data, host, Labels.parse(labels),
                    bufferMb << 20, nrpe, nrpeConfig, nrpeTls.equals("anonymous"), null), System.out);
        }, a -> "agent " + a.id() + " running for host " + a.host() + "; data in " + data.toAbsolutePath().normalize());
    }

    /** Opens the agent (or probe) and what can go wrong doing so. */
    @FunctionalInterface
    interface Opening {
        Agent open() throws java.io.IOException, java.security.GeneralSecurityException;
    }

    /**
     * Opens (enrolling if needed) and runs until the process is told to stop: a bad option or token is exit code 2,
     * a server that cannot be reached or trusted 1, each said on stderr as {@code command: reason}.
     */
    static int run(String command, Opening opening, java.util.function.Function<Agent, String> running) throws InterruptedException {
        Agent agent;
        try {
            agent = opening.open();
        } catch (IllegalArgumentException e) {
            System.err.println(command + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            System.err.println(command + ": " + e.getMessage());
            return 1;
        }
        return runUntilStopped(agent, running.apply(agent));
    }

    /** Starts the agent (or probe) and keeps it running until the process is told to stop. */
    private static int runUntilStopped(Agent agent, String running) throws InterruptedException {
        agent.start();
        System.out.println(running);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        stopped.await();
        return 0;
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Hand the local agent a passive result (as Nagios' send_nsca does); it is sent with the agent's own data.")
    static final class Submit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HOST", description = "The agent's own host")
        String host;

        @Parameters(index = "1", paramLabel = "SERVICE")
        String service;

        @Parameters(index = "2", paramLabel = "STATE", description = "OK, WARNING, CRITICAL, UNKNOWN or 0 to 3")
        String state;

        @Parameters(index = "3", paramLabel = "OUTPUT", description = "The status line (with |perfdata if any)")
        String output;

        @Option(names = "--data", defaultValue = "agent-data", description = "The agent's directory (default: ${DEFAULT-VALUE})")
        Path data;

        @Override
        public Integer call() throws Exception {
            try {
                Submissions.submit(data, host, service, state, output, InstantSource.system());
            } catch (IllegalArgumentException e) {
                System.err.println("vigil agent submit: " + e.getMessage());
                return 2;
            }
            return 0;
        }
    }
}

package dev.vigil.server.cli;

import dev.vigil.agent.Agent;
import dev.vigil.checks.config.Locations;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil probe}: checks services from another place (a small server in another region) for a Vigil server:
 * the http, tcp, dns, ping and tls checks of the services that list its location, results kept on disk while the
 * server is away. It enrolls once with a probe token and can do nothing else.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Run a probe: check services from this place for a Vigil server (services list it in 'locations:').")
public final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--server", description = "The server's agent listener, https://HOST:PORT (needed to enroll)")
    URI server;

    @Option(names = "--token", description = "A probe token from: vigil agent-token create --probe (needed once, to enroll)")
    String token;

    @Option(names = "--location", required = true, description = "This place's name, as services list it in 'locations:' (e.g. fra)")
    String location;

    @Option(names = "--ca-fingerprint", description = "Enroll only if the server's CA has this SHA-256 fingerprint (the server prints it)")
    String caFingerprint;

    @Option(names = "--data", defaultValue = "probe-data", description = "The probe's directory: identity, buffer, plan (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--buffer-mb", defaultValue = "64", description = "The on-disk buffer's bound in MB (default: ${DEFAULT-VALUE})")
    long bufferMb;

    @Override
    public Integer call() throws Exception {
        return AgentCommand.run("vigil probe", () -> {
            if (!Locations.NAME.matcher(location).matches() || location.equals(Locations.LOCAL)) {
                throw new IllegalArgumentException("--location must be lower-case letters, digits, '_' or '-' (at most 32), and not '"
                        + Locations.LOCAL + "' (that is the server itself), e.g. fra");
            }
            if (bufferMb < 1) {
                throw new IllegalArgumentException("--buffer-mb must be at least 1");
            }
            return Agent.open(Agent.Options.probe(server, token, caFingerprint, data, location, bufferMb << 20), System.out);
        }, p -> "probe " + p.id() + " checking from " + location + "; data in " + data.toAbsolutePath().normalize());
    }
}

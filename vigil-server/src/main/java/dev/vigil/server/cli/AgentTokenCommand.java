package dev.vigil.server.cli;

import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.server.OfflineStores;
import dev.vigil.agent.wire.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil agent-token create|list}: the tokens new agents join with (kept hashed; shown once). */
@Command(name = "agent-token", mixinStandardHelpOptions = true, description = "Manage the join tokens agents enroll with.",
        subcommands = {AgentTokenCommand.Create.class, AgentTokenCommand.ListTokens.class})
public final class AgentTokenCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a join token; it is printed once, on the last line.")
    static final class Create extends TokenCommand.DataOptions implements Callable<Integer> {
        @Option(names = "--labels", description = "Labels every agent that joins with it gets, e.g. role=web,dc=fra")
        String labels;

        @Option(names = "--expires", defaultValue = "24h", description = "Stop working after this long (default: ${DEFAULT-VALUE})")
        String expires;

        @Option(names = "--uses", description = "How many agents may join with it (default: any number until it expires)")
        Integer uses;

        @Option(names = "--probe", description = "The token enrolls probes (vigil probe --token T --location NAME), not agents")
        boolean probe;

        @Override
        public Integer call() throws Exception {
            Map<String, String> parsed;
            Instant expiry;
            try {
                parsed = Labels.parse(labels);
                Duration d = Durations.parse(expires);
                if (d.isZero() || d.compareTo(Duration.ofDays(3660)) > 0) {
                    throw new IllegalArgumentException("--expires must be between 1s and 3660d");
                }
                expiry = InstantSource.system().instant().plus(d);
                if (uses != null && uses < 1) {
                    throw new IllegalArgumentException("--uses must be at least 1");
                }
            } catch (IllegalArgumentException e) {
                System.err.println("vigil agent-token create: " + e.getMessage());
                return 2;
            }
            try (OfflineStores stores = open()) {
                Fleet.CreatedToken created = stores.fleet().createToken(parsed, expiry, uses, probe);
                System.out.println("Created " + (probe ? "probe" : "join") + " token " + created.token().id() + " (labels " + parsed + ", expires " + expiry
                        + (uses == null ? "" : ", " + uses + " use(s)") + "). It is shown only now:");
                System.out.println(created.secret());
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List join tokens (never their secrets).")
    static final class ListTokens extends TokenCommand.DataOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                String row = "%-12s  %-7s  %-30s  %-24s  %s%n";
                System.out.printf(row, "ID", "ENROLLS", "LABELS", "EXPIRES", "USED");
                for (Fleet.JoinToken t : stores.fleet().tokens()) {
                    System.out.printf(row, t.id(), t.probe() ? "probes" : "agents", t.labels(), t.expires() == null ? "never" : t.expires(),
                            t.used() + (t.uses() == null ? "" : " of " + t.uses()));
                }
                return 0;
            }
        }
    }
}

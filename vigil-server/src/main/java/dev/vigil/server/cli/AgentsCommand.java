package dev.vigil.server.cli;

import dev.vigil.core.fleet.Fleet;
import dev.vigil.server.OfflineStores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil agents list|revoke}: the enrolled agents, from the server's data directory. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "List or revoke enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Revoke.class})
public final class AgentsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrolled agents.")
    static final class ListAgents extends TokenCommand.DataOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                String row = "%-30s  %-24s  %-8s  %-24s  %s%n";
                System.out.printf(row, "ID", "HOST", "VERSION", "LAST SEEN", "STATE");
                for (Fleet.Agent a : stores.fleet().agents()) {
                    System.out.printf(row, a.id(), a.host(), a.version(), a.lastSeen(),
                            a.revoked() ? "revoked" : a.retired() ? "retired" : "enrolled");
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an agent: its next connection is refused; its host and history stay.")
    static final class Revoke extends TokenCommand.DataOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                if (!stores.fleet().revoke(id)) {
                    System.err.println("no enrolled (unrevoked) agent with id '" + id + "'");
                    return 1;
                }
                System.out.println("revoked " + id);
                return 0;
            }
        }
    }
}

package dev.vigil.server.cli;

import dev.vigil.core.access.Tokens;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.Durations;
import dev.vigil.server.OfflineStores;
import dev.vigil.server.config.LiveConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil token create|list|revoke}: API tokens, stored hashed in the data directory. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options every token subcommand takes to find the data directory. */
    static class DataOptions {
        @Option(names = "--data", description = "Data directory (default: server.data from the config, else ./data)")
        Path data;

        @Option(names = {"-c", "--config"}, description = "Config file to read server.data from")
        Path config;

        /** The stores the config names (its data directory, or its PostgreSQL server), {@code --data} overriding the directory. */
        OfflineStores open() throws ConfigException {
            var files = ConfigSource.files(config);
            if (files == null) {
                return OfflineStores.open(data == null ? Path.of("data") : data);
            }
            var loaded = LiveConfig.load(files, InstantSource.system(), 8080, List.of(), List.of());
            return OfflineStores.open(data == null ? loaded.server().data() : data, loaded.store());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token; it is printed once, on the last line.")
    static final class Create extends DataOptions implements Callable<Integer> {
        @Option(names = "--name", description = "What the token is for (default: ${DEFAULT-VALUE})", defaultValue = "api")
        String name;

        @Option(names = "--scope", defaultValue = "read", description = "What it may do: read (look only), submit "
                + "(passive results only), write (also register, acknowledge, downtimes, silences) or admin "
                + "(also reload, accept integrity changes). Default: ${DEFAULT-VALUE}")
        String scope;

        @Option(names = "--expires", description = "Stop working after this long, e.g. 90d (default: never)")
        String expires;

        @Override
        public Integer call() throws Exception {
            Tokens.Scope parsed;
            Instant expiry = null;
            try {
                parsed = Tokens.Scope.parse(scope);
                if (expires != null) {
                    Duration d = Durations.parse(expires);
                    if (d.isZero() || d.compareTo(Duration.ofDays(3660)) > 0) {
                        throw new IllegalArgumentException("--expires must be between 1ms and 3660d");
                    }
                    expiry = InstantSource.system().instant().plus(d);
                }
            } catch (IllegalArgumentException e) {
                System.err.println("vigil token create: " + e.getMessage());
                return 2;
            }
            try (OfflineStores stores = open()) {
                Tokens.Created created = stores.tokens().create(name, parsed, expiry);
                System.out.println("Created token " + created.info().id() + " (" + name + ", scope " + parsed.id()
                        + (expiry == null ? "" : ", expires " + expiry) + "). It is shown only now:");
                System.out.println(created.secret());
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens extends DataOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                String row = "%-12s  %-20s  %-6s  %-24s  %-24s  %s%n";
                System.out.printf(row, "ID", "NAME", "SCOPE", "CREATED", "EXPIRES", "LAST USED");
                for (Tokens.TokenInfo t : stores.tokens().list()) {
                    System.out.printf(row, t.id(), t.name(), t.scope().id(), t.created(),
                            t.expires() == null ? "never" : t.expires(), t.lastUsed() == null ? "never" : t.lastUsed());
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id or name.")
    static final class Revoke extends DataOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID_OR_NAME")
        String token;

        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                int n = stores.tokens().revoke(token);
                if (n == 0) {
                    System.err.println("no token with id or name '" + token + "'");
                    return 1;
                }
                System.out.println("revoked " + n + " token(s)");
                return 0;
            }
        }
    }
}

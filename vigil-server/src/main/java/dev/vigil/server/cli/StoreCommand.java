package dev.vigil.server.cli;

import dev.vigil.core.config.Secret;
import dev.vigil.server.OfflineStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil store copy}: moves an installation's state from the embedded store to PostgreSQL. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Where Vigil's state lives.",
        subcommands = {StoreCommand.Copy.class})
public final class StoreCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy every table of an embedded store into an empty "
            + "PostgreSQL database (stop the server first), keeping ids, history and users; then set store: {type: postgres, url: …}.")
    static final class Copy implements Callable<Integer> {
        @Option(names = "--from", required = true, description = "sqlite:DIR, the data directory (its vigil.db)")
        String from;

        @Option(names = "--to", required = true, description = "postgres:URL, e.g. postgres:jdbc:postgresql://127.0.0.1:5432/vigil")
        String to;

        @Option(names = "--user", description = "PostgreSQL user (default: the URL's, else the driver's)")
        String user;

        @Option(names = "--password", description = "PostgreSQL password: env:NAME or file:PATH (default: the URL's, or none)")
        String password;

        @Override
        public Integer call() {
            if (!from.startsWith("sqlite:") || !to.startsWith("postgres:")) {
                System.err.println("vigil store copy: --from is sqlite:DIR and --to postgres:URL");
                return 2;
            }
            Path dir = Path.of(from.substring("sqlite:".length()));
            if (!Files.isRegularFile(dir.resolve("vigil.db"))) {
                System.err.println("vigil store copy: no vigil.db in " + dir);
                return 2;
            }
            String url = to.substring("postgres:".length());
            url = url.startsWith("jdbc:") ? url : "jdbc:postgresql:" + url.replaceFirst("^postgres(ql)?:", "");
            String secret;
            try {
                secret = password == null ? null : Secret.resolve(password, System.getenv()).reveal();
            } catch (IllegalArgumentException e) {
                System.err.println("vigil store copy: --password: " + e.getMessage());
                return 2;
            }
            try {
                Map<String, Long> copied = OfflineStores.copy(dir, url, user, secret);
                long total = 0;
                for (var e : copied.entrySet()) {
                    if (e.getValue() > 0) {
                        System.out.printf("%-26s %,12d rows%n", e.getKey(), e.getValue());
                    }
                    total += e.getValue();
                }
                System.out.printf("copied %,d rows of %d tables; now set store: {type: postgres, url: \"%s\"} and start Vigil%n", total,
                        copied.size(), url);
                return 0;
            } catch (RuntimeException e) {
                System.err.println("vigil store copy: " + e.getMessage());
                return 1;
            }
        }
    }
}

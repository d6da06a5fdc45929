package dev.vigil.server.cli;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckTypes;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil check TYPE [--option value ...] [-- COMMAND ARGS...]}: runs one check once, prints a Nagios
 * status line and exits 0/1/2/3, so Vigil's checks can be used as Nagios plugins and scripted.
 * Options are the check's config keys with dashes ({@code --warning-time 2s}); {@code --host} names the
 * target address; for {@code exec}, everything after {@code --} is the plugin and its arguments.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run one check once and print a Nagios status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
public final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TYPE", description = "http, tcp, dns, ping, system or exec")
    String type;

    @Parameters(index = "1..*", paramLabel = "OPTIONS", description = "--key value pairs; for exec: -- COMMAND ARGS")
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() {
        if (rest.contains("--help") || rest.contains("-h")) {
            return help(type);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        Duration timeout = Duration.ofSeconds(10);
        List<String> command = null;
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--")) {
                command = List.copyOf(rest.subList(i + 1, rest.size()));
                break;
            }
            if (!arg.startsWith("--") || arg.length() < 3) {
                if (type.equals("exec") && command == null) {
                    command = List.copyOf(rest.subList(i, rest.size()));
                    break;
                }
                return usage("unexpected argument '" + arg + "'; options are --key value");
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
                    value = "true"; // a flag such as --follow-redirects
                } else {
                    value = rest.get(++i);
                }
            }
            key = key.replace('-', '_');
            if (key.equals("host") || key.equals("hostname") || key.equals("H")) {
                key = "address";
            }
            if (key.equals("timeout")) {
                try {
                    timeout = Durations.parse(value.matches("\\d+") ? value + "s" : value);
                } catch (IllegalArgumentException e) {
                    return usage("--timeout: " + e.getMessage());
                }
                continue;
            }
            Object previous = options.get(key);
            if (previous != null) {
                // Repeated options become lists, e.g. --expect-status 200 --expect-status 301.
                List<Object> list = previous instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(previous));
                list.add(value);
                options.put(key, list);
            } else {
                options.put(key, value);
            }
        }
        if (command != null) {
            options.put("command", command);
        }
        if (CheckTypes.isPassive(type)) {
            return usage(type + " checks have nothing to run; they receive results (the API, or /ping/UUID for push)");
        }
        ConfigErrors errors = new ConfigErrors();
        Section section = new Section((ConfigNode.Mapping) ConfigNode.fromValue(options, new Location("command line", 1)), errors);
        Optional<Check> check = CheckTypes.create(type, section, InstantSource.system());
        section.finish();
        if (!errors.isEmpty() || check.isEmpty()) {
            List<String> messages = errors.list().stream().map(e -> e.message()
                    .replace("unknown key '", "unknown option '--").replace("missing '", "missing '--")).distinct().toList();
            return usage(String.join("; ", messages));
        }
        CheckResult result;
        try {
            result = check.get().run(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = CheckResult.unknown("interrupted");
        }
        System.out.println(result.statusLine());
        if (!result.longOutput().isEmpty()) {
            System.out.println(result.longOutput());
        }
        return result.state().exitCode();
    }

    /**
     * The options of one check type, read off its own config reader (the keys it asks for), so the help
     * cannot drift from what the check accepts.
     */
    private static int help(String type) {
        ConfigErrors errors = new ConfigErrors();
        Section empty = new Section((ConfigNode.Mapping) ConfigNode.fromValue(Map.of(), new Location("command line", 1)), errors);
        CheckTypes.create(type, empty, InstantSource.system()); // errors expected: the section is empty
        if (CheckTypes.isPassive(type) || empty.knownKeys().isEmpty()) {
            System.out.println("vigil check: unknown type '" + type + "'; types: " + String.join(", ",
                    CheckTypes.names().stream().filter(n -> !CheckTypes.isPassive(n)).toList()));
            return 3;
        }
        System.out.println("Usage: vigil check " + type + " [--option value ...]"
                + (type.equals("exec") ? " -- COMMAND ARGS..." : ""));
        System.out.println("Options for " + type + ":");
        for (String key : new TreeSet<>(empty.knownKeys())) {
            if (!key.equals("command")) {
                System.out.println("  --" + (key.equals("address") ? "host" : key.replace('_', '-')));
            }
        }
        System.out.println("  --timeout DURATION   (default 10s)");
        if (type.equals("ping")) {
            System.out.println("Needs the system's ping (Debian: apt-get install iputils-ping).");
        }
        return 0;
    }

    private static int usage(String message) {
        System.out.println("UNKNOWN - " + message);
        return 3;
    }
}

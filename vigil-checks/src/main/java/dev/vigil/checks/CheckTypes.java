package dev.vigil.checks;

import dev.vigil.checks.dns.DnsCheck;
import dev.vigil.checks.exec.ExecCheck;
import dev.vigil.checks.http.HttpCheck;
import dev.vigil.checks.ping.PingCheck;
import dev.vigil.checks.system.SystemCheck;
import dev.vigil.checks.tcp.TcpCheck;
import dev.vigil.core.config.Section;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of check types by the name used in {@code type:}. Adding a check type is one class plus
 * one line here. {@code passive} is a type too: it has no active check and only receives results.
 */
public final class CheckTypes {
    public static final String PASSIVE = "passive";
    private static final Set<String> NAMES = new TreeSet<>(Set.of("http", "tcp", "dns", "ping", "system", "exec", PASSIVE));

    private CheckTypes() {}

    public static Set<String> names() {
        return NAMES;
    }

    /**
     * Creates the check described by {@code options}. Errors are added to the section's error list with
     * their line; the result is empty when there were errors or the type is passive.
     */
    public static Optional<Check> create(String type, Section options, InstantSource clock) {
        int before = options.errors().list().size();
        try {
            Check check = switch (type) {
                case "http" -> nullable(HttpCheck.Config.read(options), c -> new HttpCheck(c, clock));
                case "tcp" -> nullable(TcpCheck.Config.read(options), TcpCheck::new);
                case "dns" -> nullable(DnsCheck.Config.read(options), DnsCheck::new);
                case "ping" -> nullable(PingCheck.Config.read(options), PingCheck::new);
                case "system" -> nullable(SystemCheck.Config.read(options), SystemCheck::new);
                case "exec" -> nullable(ExecCheck.Config.read(options), ExecCheck::new);
                case PASSIVE -> null;
                default -> {
                    options.error("type", "unknown check type '" + type + "'; expected one of " + String.join(", ", NAMES));
                    yield null;
                }
            };
            return options.errors().list().size() > before ? Optional.empty() : Optional.ofNullable(check);
        } catch (IllegalArgumentException | IllegalStateException e) {
            options.error("type", e.getMessage());
            return Optional.empty();
        }
    }

    private static <C> Check nullable(C config, java.util.function.Function<C, Check> factory) {
        return config == null ? null : factory.apply(config);
    }
}

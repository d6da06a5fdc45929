package dev.vigil.checks;

import dev.vigil.checks.dns.DnsCheck;
import dev.vigil.checks.exec.ExecCheck;
import dev.vigil.checks.http.HttpCheck;
import dev.vigil.checks.nrpe.NrpeCheck;
import dev.vigil.checks.ping.PingCheck;
import dev.vigil.checks.system.SystemCheck;
import dev.vigil.checks.tcp.TcpCheck;
import dev.vigil.core.config.Section;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The registry of check types by the name used in {@code type:}: one map from the name to the class and
 * how to read and build it, and every list of names (errors, help, the README check) comes from it. Adding a
 * check type is one class plus one entry here. {@code passive} is a type too: it has no active check and
 * only receives results.
 */
public final class CheckTypes {
    public static final String PASSIVE = "passive";
    /** A passive service its job pings on a schedule (see {@link dev.vigil.checks.push.PushMonitors}). */
    public static final String PUSH = "push";

    /** One check type: its class (null for passive) and how to build one from its options. */
    public record Type(String name, Class<? extends Check> implementation, Factory factory) {}

    /** Reads the options (errors go to the section) and builds the check; null when they did not read. */
    @FunctionalInterface
    public interface Factory {
        Check create(Section options, InstantSource clock);
    }

    private static final Map<String, Type> TYPES;

    static {
        Map<String, Type> t = new TreeMap<>();
        add(t, "http", HttpCheck.class, (o, clock) -> build(HttpCheck.Config.read(o), c -> new HttpCheck(c, clock)));
        add(t, "tcp", TcpCheck.class, (o, clock) -> build(TcpCheck.Config.read(o), TcpCheck::new));
        add(t, "dns", DnsCheck.class, (o, clock) -> build(DnsCheck.Config.read(o), DnsCheck::new));
        add(t, "ping", PingCheck.class, (o, clock) -> build(PingCheck.Config.read(o), PingCheck::new));
        add(t, "system", SystemCheck.class, (o, clock) -> build(SystemCheck.Config.read(o), SystemCheck::new));
        add(t, "exec", ExecCheck.class, (o, clock) -> build(ExecCheck.Config.read(o), ExecCheck::new));
        add(t, "tls", dev.vigil.checks.tls.TlsCheck.class, (o, clock) -> build(dev.vigil.checks.tls.TlsCheck.Config.read(o),
                c -> new dev.vigil.checks.tls.TlsCheck(c, clock)));
        add(t, "statuspage", dev.vigil.checks.statuspage.StatuspageCheck.class,
                (o, clock) -> build(dev.vigil.checks.statuspage.StatuspageCheck.Config.read(o), dev.vigil.checks.statuspage.StatuspageCheck::new));
        add(t, "feed", dev.vigil.checks.feed.FeedCheck.class,
                (o, clock) -> build(dev.vigil.checks.feed.FeedCheck.Config.read(o), c -> new dev.vigil.checks.feed.FeedCheck(c, clock)));
        add(t, "nrpe", NrpeCheck.class, (o, clock) -> build(NrpeCheck.Config.read(o), NrpeCheck::new));
        add(t, PASSIVE, null, (o, clock) -> null);
        add(t, PUSH, null, (o, clock) -> {
            dev.vigil.checks.push.PushSchedule.read(o); // validated here; the monitor reads it again from the service
            return null;
        });
        TYPES = Collections.unmodifiableMap(t);
    }

    private CheckTypes() {}

    private static void add(Map<String, Type> types, String name, Class<? extends Check> implementation, Factory factory) {
        types.put(name, new Type(name, implementation, factory));
    }

    /** Whether services of this type only receive results (no active check runs). */
    public static boolean isPassive(String type) {
        return PASSIVE.equals(type) || PUSH.equals(type);
    }

    public static Set<String> names() {
        return TYPES.keySet();
    }

    /** Every registered type, by name. */
    public static Map<String, Type> all() {
        return TYPES;
    }

    /**
     * Creates the check described by {@code options}. Errors are added to the section's error list with
     * their line; the result is empty when there were errors or the type is passive.
     */
    public static Optional<Check> create(String type, Section options, InstantSource clock) {
        Type t = TYPES.get(type);
        if (t == null) {
            options.error("type", "unknown check type '" + type + "'; expected one of " + String.join(", ", names()));
            return Optional.empty();
        }
        int before = options.errors().list().size();
        try {
            Check check = t.factory().create(options, clock);
            return options.errors().list().size() > before ? Optional.empty() : Optional.ofNullable(check);
        } catch (IllegalArgumentException | IllegalStateException e) {
            options.error("type", e.getMessage());
            return Optional.empty();
        }
    }

    private static <C> Check build(C config, Function<C, Check> factory) {
        return config == null ? null : factory.apply(config);
    }
}

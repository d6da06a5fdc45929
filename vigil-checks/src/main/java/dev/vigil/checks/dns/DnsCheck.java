package dev.vigil.checks.dns;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Range;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a name with the system resolver and compares the addresses, like Nagios' {@code check_dns -a}.
 * Every expected address must be among the answers.
 */
public final class DnsCheck implements Check {

    public record Config(String name, Set<String> expect, Thresholds time) {
        public Config {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("missing name to resolve");
            }
            expect = Set.copyOf(expect);
        }

        public static Config read(Section s) {
            String name = s.string("query").orElseGet(() -> s.required("address", "the host name to resolve"));
            List<String> expect = s.strings("expect");
            for (String a : expect) {
                if (!a.matches("[0-9a-fA-F:.]+")) {
                    s.error("expect", "'expect' must list IP addresses, found '" + a + "'");
                }
            }
            Thresholds time = new Thresholds(
                    s.duration("warning_time").map(DnsCheck::seconds).orElse(null),
                    s.duration("critical_time").map(DnsCheck::seconds).orElse(null));
            return name.isEmpty() ? null : new Config(name, Set.copyOf(expect), time);
        }
    }

    private final Config config;

    public DnsCheck(Config config) {
        this.config = config;
    }

    private static Range seconds(Duration d) {
        return Range.parse(String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9));
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        Set<String> answers = new TreeSet<>();
        // The system resolver has no timeout parameter, so the lookup runs on its own virtual thread.
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InetAddress[]> lookup = executor.submit(() -> InetAddress.getAllByName(config.name()));
            InetAddress[] addresses = lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Arrays.stream(addresses).map(InetAddress::getHostAddress).forEach(answers::add);
            executor.shutdownNow();
        } catch (TimeoutException e) {
            return CheckResult.line("DNS", ServiceState.CRITICAL, "no answer for " + config.name() + " within "
                    + Durations.format(timeout), List.of());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                return CheckResult.line("DNS", ServiceState.CRITICAL, config.name() + ": domain not found", List.of());
            }
            return CheckResult.line("DNS", ServiceState.UNKNOWN, "lookup failed: " + e.getCause(), List.of());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ServiceState state = config.time().evaluate(seconds);
        String message = String.format(Locale.ROOT, "%.3f seconds response time. %s returns %s",
                seconds, config.name(), String.join(",", answers));
        if (!config.expect().isEmpty() && !answers.containsAll(config.expect())) {
            state = ServiceState.CRITICAL;
            message = "expected '" + String.join(",", new TreeSet<>(config.expect())) + "' but got '"
                    + String.join(",", answers) + "'";
        }
        var perf = List.of(new PerfValue("time", seconds, "s", config.time().warnText(), config.time().critText(), 0.0, null));
        return CheckResult.line("DNS", state, message, perf);
    }
}

package dev.vigil.checks.ping;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.exec.Processes;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pings a host with the system's {@code ping} (no raw sockets needed in Vigil itself) and judges round-trip
 * average and packet loss with {@code check_ping}'s threshold syntax: {@code warning: 100,20%}.
 */
public final class PingCheck implements Check {
    private static final Pattern LOSS = Pattern.compile("([\\d.]+)% packet loss");
    private static final Pattern RTT = Pattern.compile("= ([\\d.]+)/([\\d.]+)/([\\d.]+)(?:/[\\d.]+)? ms");

    /** Round-trip average in milliseconds and loss in percent at which the state changes. */
    public record Limit(double rttMillis, double lossPercent) {
        static Limit parse(String text) {
            String[] parts = text.split(",");
            if (parts.length != 2 || !parts[1].trim().endsWith("%")) {
                throw new IllegalArgumentException("expected RTA_MS,LOSS% such as 100,20%");
            }
            try {
                return new Limit(Double.parseDouble(parts[0].trim()),
                        Double.parseDouble(parts[1].trim().replace("%", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected RTA_MS,LOSS% such as 100,20%");
            }
        }

        @Override
        public String toString() {
            return fmt(rttMillis) + "," + fmt(lossPercent) + "%";
        }
    }

    public record Config(String address, int packets, Limit warning, Limit critical) {
        public Config {
            if (address == null || address.isBlank() || address.startsWith("-")) {
                throw new IllegalArgumentException("address must be a host name or IP address");
            }
        }

        public static Config read(Section s) {
            String address = s.required("address", "a host name or IP address to ping");
            Limit warning = limit(s, "warning", new Limit(200, 20));
            Limit critical = limit(s, "critical", new Limit(500, 60));
            int packets = s.integer("packets", 5, 1, 100);
            if (address.isEmpty()) {
                return null;
            }
            if (address.startsWith("-")) {
                s.error("address", "'address' must be a host name or IP address, found '" + address + "'");
                return null;
            }
            return new Config(address, packets, warning, critical);
        }

        private static Limit limit(Section s, String key, Limit fallback) {
            return s.string(key).map(v -> {
                try {
                    return Limit.parse(v);
                } catch (IllegalArgumentException e) {
                    s.error(key, "'" + key + "': " + e.getMessage() + ", found '" + v + "'");
                    return fallback;
                }
            }).orElse(fallback);
        }
    }

    private final Config config;

    public PingCheck(Config config) {
        this.config = config;
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        long waitSeconds = Math.max(1, Math.min(10, timeout.toSeconds() / Math.max(1, config.packets())));
        List<String> command = List.of("ping", "-n", "-q", "-c", Integer.toString(config.packets()),
                "-i", "0.2", "-W", Long.toString(waitSeconds), config.address());
        Processes.Outcome run = Processes.run(command, timeout);
        return switch (run) {
            case Processes.Outcome.Failed f -> CheckResult.line("PING", ServiceState.UNKNOWN, f.reason(), List.of());
            case Processes.Outcome.TimedOut t -> CheckResult.line("PING", ServiceState.CRITICAL,
                    "no complete answer within " + Durations.format(timeout), List.of());
            case Processes.Outcome.Exited e -> judge(e.stdout() + "\n" + e.stderr(), e.exitCode());
        };
    }

    /** Judges the text {@code ping} printed; public so the parsing is tested on recorded outputs. */
    public CheckResult judge(String output, int exitCode) {
        Matcher loss = LOSS.matcher(output);
        if (!loss.find()) {
            String first = output.strip().lines().findFirst().orElse("ping printed nothing");
            ServiceState state = exitCode == 2 ? ServiceState.CRITICAL : ServiceState.UNKNOWN;
            return CheckResult.line("PING", state, first, List.of());
        }
        double lossPercent = Double.parseDouble(loss.group(1));
        Matcher rtt = RTT.matcher(output);
        Double avg = rtt.find() ? Double.parseDouble(rtt.group(2)) : null;
        ServiceState state;
        if (lossPercent >= config.critical().lossPercent() || (avg != null && avg >= config.critical().rttMillis())
                || lossPercent >= 100) {
            state = ServiceState.CRITICAL;
        } else if (lossPercent >= config.warning().lossPercent() || (avg != null && avg >= config.warning().rttMillis())) {
            state = ServiceState.WARNING;
        } else {
            state = ServiceState.OK;
        }
        String message = "Packet loss = " + fmt(lossPercent) + "%" + (avg == null ? "" : ", RTA = " + fmt(avg) + " ms");
        List<PerfValue> perf = new ArrayList<>();
        if (avg != null) {
            perf.add(new PerfValue("rta", avg, "ms", fmt(config.warning().rttMillis()),
                    fmt(config.critical().rttMillis()), 0.0, null));
        }
        perf.add(new PerfValue("pl", lossPercent, "%", fmt(config.warning().lossPercent()),
                fmt(config.critical().lossPercent()), 0.0, 100.0));
        return CheckResult.line("PING", state, message, perf);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(config.address());
    }
}

package dev.vigil.checks.tcp;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Range;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Connects to a TCP port and optionally sends a string and expects a banner, like Nagios' {@code check_tcp}.
 * An unexpected banner is a WARNING, as in {@code check_tcp}'s default.
 */
public final class TcpCheck implements Check {

    public record Config(String address, int port, String send, String expect, Thresholds time) {
        public Config {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("missing address");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535");
            }
        }

        public static Config read(Section s) {
            String address = s.required("address", "a host name or IP address to connect to");
            int port = s.integer("port", 0, 1, 65535);
            if (!s.has("port")) {
                s.errors().add(s.location(), "missing 'port': expected a TCP port number (1-65535)");
            }
            Thresholds time = new Thresholds(
                    s.duration("warning_time").map(TcpCheck::seconds).orElse(null),
                    s.duration("critical_time").map(TcpCheck::seconds).orElse(null));
            String send = s.string("send", null);
            String expect = s.string("expect", null);
            if (address.isEmpty() || port == 0) {
                return null;
            }
            return new Config(address, port, send == null ? null : unescape(send), expect, time);
        }
    }

    private final Config config;

    public TcpCheck(Config config) {
        this.config = config;
    }

    static Range seconds(Duration d) {
        return Range.parse(String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9));
    }

    /** Lets users write {@code send: "QUIT\r\n"} as they would for check_tcp. */
    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    @Override
    public CheckResult run(Duration timeout) {
        long start = System.nanoTime();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String where = config.address() + " port " + config.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(config.address(), config.port()), millis);
            socket.setSoTimeout(millis);
            String banner = null;
            if (config.send() != null) {
                socket.getOutputStream().write(config.send().getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            }
            if (config.expect() != null) {
                banner = readUntil(socket.getInputStream(), config.expect(), start + timeout.toNanos());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ServiceState state = config.time().evaluate(seconds);
            String message = String.format(Locale.ROOT, "%.3f second response time on %s", seconds, where);
            if (banner != null && !banner.contains(config.expect())) {
                state = ServiceState.worst(state, ServiceState.WARNING);
                message = "Unexpected response from host/socket: " + printable(banner) + " - " + message;
            }
            var perf = List.of(new PerfValue("time", seconds, "s", config.time().warnText(),
                    config.time().critText(), 0.0, timeout.toNanos() / 1e9));
            return CheckResult.line("TCP", state, message, perf);
        } catch (UnknownHostException e) {
            return CheckResult.line("TCP", ServiceState.UNKNOWN, "cannot resolve " + config.address(), List.of());
        } catch (ConnectException e) {
            return CheckResult.line("TCP", ServiceState.CRITICAL, "Connection refused on " + where, List.of());
        } catch (SocketTimeoutException e) {
            return CheckResult.line("TCP", ServiceState.CRITICAL, "Socket timeout after "
                    + Durations.format(timeout) + " on " + where, List.of());
        } catch (IOException e) {
            return CheckResult.line("TCP", ServiceState.CRITICAL, e.getMessage() + " on " + where, List.of());
        }
    }

    private static String readUntil(InputStream in, String expect, long deadline) throws IOException {
        byte[] buf = new byte[4096];
        StringBuilder got = new StringBuilder();
        while (got.length() < 16384 && System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            if (got.indexOf(expect) >= 0) {
                break;
            }
        }
        return got.toString();
    }

    private static String printable(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(config.address());
    }
}

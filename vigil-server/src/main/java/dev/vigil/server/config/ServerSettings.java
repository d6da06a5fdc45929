package dev.vigil.server.config;

import dev.vigil.core.config.Section;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code server:} section: where the API listens, where data lives, how long results are kept.
 * Defaults are safe: loopback only, data under {@code ./data}.
 */
public record ServerSettings(String host, int port, Path data, Duration resultRetention, TlsSettings tls, String publicUrl,
                             Duration metricsInterval) {
    public static final ServerSettings DEFAULT = new ServerSettings("127.0.0.1", 8080, Path.of("data"), Duration.ofDays(31),
            null, null, Duration.ofMinutes(1));

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }

    public ServerSettings withListen(String host, int port) {
        return new ServerSettings(host, port, data, resultRetention, tls, publicUrl, metricsInterval);
    }

    /** {@code --listen HOST:PORT} (the last colon splits, so an IPv6 host may hold colons); a bad value is an error. */
    public ServerSettings withListen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return withListen(hostPort.substring(0, Math.max(0, colon)), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--listen must be HOST:PORT such as 127.0.0.1:8080");
        }
    }

    public ServerSettings withData(Path data) {
        return new ServerSettings(host, port, data, resultRetention, tls, publicUrl, metricsInterval);
    }

    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public static ServerSettings read(Section s) {
        String host = DEFAULT.host();
        int port = DEFAULT.port();
        String listen = s.string("listen", null);
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                host = listen.substring(0, colon).replace("[", "").replace("]", "");
                port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 0 || port > 65535 || host.isBlank()) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                s.error("listen", "'listen' must be HOST:PORT such as 127.0.0.1:8080, found '" + listen + "'");
                host = DEFAULT.host();
                port = DEFAULT.port();
            }
        }
        String data = s.string("data", DEFAULT.data().toString());
        Duration retention = s.duration("result_retention", DEFAULT.resultRetention());
        TlsSettings tls = s.node("tls").map(n -> TlsSettings.read(Section.of(n, "'tls'", s.errors()))).orElse(null);
        // Where people reach Vigil (behind a proxy, say): the base of links in notifications.
        String publicUrl = s.string("public_url", null);
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
            s.error("public_url", "'public_url' must be an http:// or https:// URL, found '" + publicUrl + "'");
            publicUrl = null;
        }
        // How often the local host's metrics are sampled; also the native step of every series.
        Duration metrics = s.duration("metrics_interval", DEFAULT.metricsInterval());
        if (metrics.toSeconds() < 1) {
            s.error("metrics_interval", "'metrics_interval' must be at least 1s");
            metrics = DEFAULT.metricsInterval();
        }
        s.finish();
        return new ServerSettings(host, port, Path.of(data), retention, tls, publicUrl, metrics);
    }
}

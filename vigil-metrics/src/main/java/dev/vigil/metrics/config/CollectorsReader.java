package dev.vigil.metrics.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.metrics.Collector;
import dev.vigil.metrics.alert.ThresholdRule;
import dev.vigil.metrics.collect.munin.MuninCollector;
import dev.vigil.metrics.collect.prometheus.PrometheusCollector;
import dev.vigil.metrics.intake.IntakeSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads the {@code collectors:} list: what to poll, for which host, how often. */
public final class CollectorsReader {
    public static final String KEY = "collectors";

    /** A configured collector and its polling interval. */
    public record Configured(Collector collector, Duration interval) {}

    /** Everything the metrics config says: collectors, threshold rules and the forecast horizon. */
    public record MetricsPlan(List<Configured> collectors, List<ThresholdRule> rules, Duration horizon,
                              URI remoteWrite, IntakeSettings intake) {
        public static final MetricsPlan EMPTY = new MetricsPlan(List.of(), List.of(), Duration.ofDays(14), null, IntakeSettings.OFF);

        public MetricsPlan(List<Configured> collectors, List<ThresholdRule> rules, Duration horizon, URI remoteWrite) {
            this(collectors, rules, horizon, remoteWrite, IntakeSettings.OFF);
        }
    }

    public static final String INTAKE_KEY = "intake";

    /**
     * Reads {@code intake: {graphite: HOST:PORT, statsd: HOST:PORT, host, statsd_flush, percentiles, max_series}}; off
     * when absent.
     */
    public static IntakeSettings intake(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return IntakeSettings.OFF;
        }
        Section s = Section.of(node, "'intake'", errors);
        String graphite = address(s, "graphite");
        String statsd = address(s, "statsd");
        String host = s.string("host", null);
        Duration flush = s.duration("statsd_flush", IntakeSettings.OFF.flush());
        if (flush.compareTo(Duration.ofSeconds(1)) < 0 || flush.compareTo(Duration.ofHours(1)) > 0) {
            s.error("statsd_flush", "'statsd_flush' must be between 1s and 1h");
            flush = IntakeSettings.OFF.flush();
        }
        List<Double> percentiles = new ArrayList<>();
        for (String p : s.has("percentiles") ? s.strings("percentiles") : List.of("50", "95", "99")) {
            try {
                double v = Double.parseDouble(p);
                if (!(v > 0 && v < 100)) {
                    throw new NumberFormatException();
                }
                percentiles.add(v);
            } catch (NumberFormatException e) {
                s.error("percentiles", "'percentiles' are numbers between 0 and 100, e.g. [50, 95, 99]; found '" + p + "'");
            }
        }
        int max = s.integer("max_series", IntakeSettings.OFF.maxSeries(), 1, 1_000_000);
        s.finish();
        return new IntakeSettings(graphite, statsd, host, flush, percentiles, max);
    }

    private static String address(Section s, String key) {
        String a = s.string(key, null);
        if (a == null) {
            return null;
        }
        int colon = a.lastIndexOf(':');
        try {
            int port = Integer.parseInt(a.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return a;
        } catch (RuntimeException e) {
            s.error(key, "'" + key + "' must be HOST:PORT such as 127.0.0.1:" + (key.equals("graphite") ? "2003" : "8125") + ", found '" + a + "'");
            return null;
        }
    }

    public static final String REMOTE_WRITE_KEY = "remote_write";

    /** Reads {@code remote_write: {url: http://victoria:8428/api/v1/write}}; null when absent. */
    public static URI remoteWrite(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return null;
        }
        Section s = Section.of(node, "'remote_write'", errors);
        String url = s.required("url", "the remote write URL, e.g. http://127.0.0.1:8428/api/v1/write");
        s.finish();
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            if (!url.isEmpty()) {
                s.error("url", "'url' must be an http:// or https:// URL");
            }
            return null;
        }
    }

    public static final String ALERTS_KEY = "metric_alerts";
    public static final String HORIZON_KEY = "forecast_horizon";

    /** Reads {@code metric_alerts:} entries: name, optional host, warning, critical, {@code for}, {@code below}. */
    public static List<ThresholdRule> rules(List<ConfigNode> nodes, ConfigErrors errors) {
        List<ThresholdRule> out = new ArrayList<>();
        for (ConfigNode n : nodes) {
            Section s = Section.of(n, "a metric alert", errors);
            String name = s.required("name", "the series name, e.g. cpu.user or disk./.percent");
            String host = s.string("host", null);
            double warning = s.number("warning", Double.NaN);
            double critical = s.number("critical", Double.NaN);
            Duration duration = s.duration("for", Duration.ZERO);
            boolean below = s.bool("below", false);
            s.finish();
            if (Double.isNaN(warning) && Double.isNaN(critical)) {
                errors.add(s.location(), "a metric alert needs 'warning' or 'critical'");
            } else if (!name.isEmpty()) {
                out.add(new ThresholdRule(host, name, warning, critical, duration, below));
            }
        }
        return out;
    }

    private CollectorsReader() {}

    /** One collector type: its class and how to read and build it (null when its options did not read). */
    public record Type(String name, Class<? extends Collector> implementation, Factory factory) {}

    @FunctionalInterface
    public interface Factory {
        Collector create(Section s, String host);
    }

    /** The registry of collector types by the name used in {@code type:}; adding one is a class and an entry. */
    public static final Map<String, Type> TYPES = Map.of(
            "prometheus", new Type("prometheus", PrometheusCollector.class, CollectorsReader::prometheus),
            "munin", new Type("munin", MuninCollector.class, CollectorsReader::munin));

    private static String names() {
        return String.join(" or ", new TreeSet<>(TYPES.keySet()));
    }

    public static List<Configured> read(List<ConfigNode> nodes, ConfigErrors errors) {
        List<Configured> out = new ArrayList<>();
        for (ConfigNode n : nodes) {
            Section s = Section.of(n, "a collector", errors);
            String type = s.required("type", "the collector type: " + names());
            String host = s.required("host", "the host the numbers belong to");
            Duration interval = s.duration("interval", Duration.ofMinutes(1));
            Collector c = null;
            Type t = TYPES.get(type);
            if (t != null) {
                c = t.factory().create(s, host);
            } else if (!type.isEmpty()) {
                s.error("type", "unknown collector type '" + type + "'; expected " + names());
            }
            s.finish();
            if (c != null && !host.isEmpty()) {
                out.add(new Configured(c, interval));
            }
        }
        return out;
    }

    private static Collector prometheus(Section s, String host) {
        String url = s.required("url", "the exposition URL, e.g. http://127.0.0.1:9100/metrics");
        int max = s.integer("max_series", 10_000, 1, 1_000_000);
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL");
            }
            return new PrometheusCollector(host, u, max);
        } catch (URISyntaxException e) {
            s.error("url", "'url' must be an http:// or https:// URL, found '" + url + "'");
            return null;
        }
    }

    private static Collector munin(Section s, String host) {
        String address = s.string("address", host);
        int port = s.integer("port", 4949, 1, 65535);
        Duration timeout = s.duration("timeout", Duration.ofSeconds(30));
        return host.isEmpty() ? null : new MuninCollector(host, address, port, timeout);
    }
}

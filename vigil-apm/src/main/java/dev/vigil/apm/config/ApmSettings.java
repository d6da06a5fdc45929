package dev.vigil.apm.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import java.time.Duration;

/**
 * The {@code apm:} section: {@code otlp: {listen: HOST:PORT}} (OTLP/HTTP, 4318 by convention; off when absent),
 * {@code apdex_t} (500ms: a request within T satisfies, within 4T is tolerated), {@code traces: {slow, reservoir,
 * keep, max, wait}}: a trace is kept when it has an error, when it is slower than {@code slow} (default: its
 * operation's 99th percentile of the last hour), or as one of {@code reservoir} (5) a minute per service of the
 * rest; kept ones are kept for {@code keep} (7d), at most {@code max} (100,000); a trace is complete when no span
 * came for {@code wait} (5s, the record's {@code quiet}).
 */
public record ApmSettings(String otlpListen, Duration apdexT, Duration slow, int reservoir, Duration keep, int max, Duration quiet) {
    public static final String KEY = "apm";
    public static final ApmSettings OFF = new ApmSettings(null, Duration.ofMillis(500), null, 5, Duration.ofDays(7), 100_000,
            Duration.ofSeconds(5));

    public boolean enabled() {
        return otlpListen != null;
    }

    public static ApmSettings read(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return OFF;
        }
        Section s = Section.of(node, "'apm'", errors);
        String listen = null;
        if (s.has("otlp")) {
            Section otlp = Section.of(s.node("otlp").orElseThrow(), "'otlp'", errors);
            listen = otlp.string("listen", "127.0.0.1:4318");
            int colon = listen.lastIndexOf(':');
            try {
                int port = Integer.parseInt(listen.substring(colon + 1));
                if (colon <= 0 || port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                otlp.error("listen", "'listen' is HOST:PORT, e.g. 127.0.0.1:4318");
                listen = null;
            }
            otlp.finish();
        }
        Duration apdexT = s.duration("apdex_t", OFF.apdexT());
        if (apdexT.isZero() || apdexT.isNegative()) {
            s.error("apdex_t", "'apdex_t' must be a positive duration, e.g. 500ms");
            apdexT = OFF.apdexT();
        }
        Duration slow = null;
        int reservoir = OFF.reservoir();
        Duration keep = OFF.keep();
        int max = OFF.max();
        Duration wait = OFF.quiet();
        if (s.has("traces")) {
            Section t = Section.of(s.node("traces").orElseThrow(), "'traces'", errors);
            slow = t.duration("slow").orElse(null);
            reservoir = t.integer("reservoir", reservoir, 0, 10_000);
            keep = t.duration("keep", keep);
            max = t.integer("max", max, 1, 10_000_000);
            wait = t.duration("wait", wait);
            if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(Duration.ofMinutes(5)) > 0) {
                t.error("wait", "'wait' must be between 1s and 5m");
                wait = OFF.quiet();
            }
            t.finish();
        }
        s.finish();
        return new ApmSettings(listen, apdexT, slow, reservoir, keep, max, wait);
    }
}

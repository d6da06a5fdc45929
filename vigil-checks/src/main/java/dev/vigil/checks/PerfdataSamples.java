package dev.vigil.checks;

import dev.vigil.core.event.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every number a check reports becomes a sample of its host (like PNP4Nagios), with its thresholds. A number
 * that measures the machine itself ({@link Check#measures}) takes the name the local collector gives it, so
 * that there is one series per measurement; any other is {@code SERVICE.LABEL} ({@code host.LABEL} for a
 * host check).
 */
public final class PerfdataSamples {
    private PerfdataSamples() {}

    /** @param check the check that produced {@code result}, or null (a passive result) */
    public static List<Sample> of(Target target, Check check, CheckResult result, Instant at) {
        List<Sample> out = new ArrayList<>();
        for (PerfValue p : result.perfdata()) {
            if (p.value() == null) {
                continue;
            }
            String measured = check == null ? null : check.measures(p.label());
            String name = measured != null ? measured : (target.isHost() ? "host" : target.service()) + "." + p.label();
            double max = p.max() != null ? p.max() : p.unit().equals("%") ? 100 : Double.NaN;
            out.add(new Sample(target.host(), name, p.unit(), at, p.value(), rangeEnd(p.warn()), rangeEnd(p.crit()), max,
                    p.unit().equals("%") || p.max() != null, measured != null ? "check" : "perfdata"));
        }
        return out;
    }

    /** The line to draw for a Nagios threshold: the upper end of a plain "10" or "0:10" range. */
    static double rangeEnd(String range) {
        if (range == null || range.isBlank() || range.startsWith("@")) {
            return Double.NaN;
        }
        try {
            Range r = Range.parse(range);
            return Double.isInfinite(r.end()) ? Double.NaN : r.end();
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }
}

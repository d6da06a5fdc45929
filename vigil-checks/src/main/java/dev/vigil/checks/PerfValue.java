package dev.vigil.checks;

import java.util.Objects;

/**
 * One performance data item, as defined by the Nagios plugin development guidelines:
 * {@code 'label'=value[UOM];[warn];[crit];[min];[max]}.
 *
 * @param value {@code null} when the plugin reported {@code U} (value could not be determined)
 * @param warn the warning range as written, or empty
 * @param crit the critical range as written, or empty
 */
public record PerfValue(String label, Double value, String unit, String warn, String crit, Double min, Double max) {
    public PerfValue {
        Objects.requireNonNull(label, "label");
        unit = unit == null ? "" : unit;
        warn = warn == null ? "" : warn;
        crit = crit == null ? "" : crit;
    }

    public static PerfValue of(String label, double value, String unit) {
        return new PerfValue(label, value, unit, "", "", null, null);
    }

    public PerfValue withThresholds(String warn, String crit) {
        return new PerfValue(label, value, unit, warn, crit, min, max);
    }

    public PerfValue withBounds(Double min, Double max) {
        return new PerfValue(label, value, unit, warn, crit, min, max);
    }
}

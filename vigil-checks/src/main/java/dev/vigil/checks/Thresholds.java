package dev.vigil.checks;

/** A warning and a critical range; either may be absent. */
public record Thresholds(Range warning, Range critical) {
    public static final Thresholds NONE = new Thresholds(null, null);

    public static Thresholds of(String warning, String critical) {
        return new Thresholds(warning == null || warning.isBlank() ? null : Range.parse(warning),
                critical == null || critical.isBlank() ? null : Range.parse(critical));
    }

    public ServiceState evaluate(double value) {
        if (critical != null && critical.alerts(value)) {
            return ServiceState.CRITICAL;
        }
        if (warning != null && warning.alerts(value)) {
            return ServiceState.WARNING;
        }
        return ServiceState.OK;
    }

    public String warnText() {
        return warning == null ? "" : warning.text();
    }

    public String critText() {
        return critical == null ? "" : critical.text();
    }
}

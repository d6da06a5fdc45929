package dev.vigil.checks;

import dev.vigil.core.event.Severity;

/** Nagios service states, with the plugin exit code of each. PENDING means "not checked yet". */
public enum ServiceState implements State {
    OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3), PENDING(-1);

    private final int exitCode;

    ServiceState(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code a Nagios plugin uses for this state. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public boolean isProblem() {
        return this == WARNING || this == CRITICAL || this == UNKNOWN;
    }

    @Override
    public Severity severity() {
        return switch (this) {
            case OK, PENDING -> Severity.OK;
            case WARNING -> Severity.WARNING;
            case CRITICAL -> Severity.CRITICAL;
            case UNKNOWN -> Severity.UNKNOWN;
        };
    }

    /** The state a plugin exit code means; anything outside 0–3 is UNKNOWN, as in Nagios. */
    public static ServiceState ofExitCode(int code) {
        return switch (code) {
            case 0 -> OK;
            case 1 -> WARNING;
            case 2 -> CRITICAL;
            default -> UNKNOWN;
        };
    }

    /** The worse of two states, in Nagios' order OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL. */
    public static ServiceState worst(ServiceState a, ServiceState b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(ServiceState s) {
        return switch (s) {
            case PENDING -> -1;
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }
}

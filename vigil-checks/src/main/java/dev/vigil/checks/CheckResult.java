package dev.vigil.checks;

import java.util.List;
import java.util.Objects;

/**
 * What one run of a check found, in the shape of a Nagios plugin's answer.
 *
 * @param output the first line, shown everywhere
 * @param longOutput further lines, shown on the detail view
 * @param perfdata numbers measured by the check, kept for graphs
 */
public record CheckResult(ServiceState state, String output, String longOutput, List<PerfValue> perfdata) {
    /** Output is capped like Nagios does, so a chatty plugin cannot bloat the store. */
    public static final int MAX_OUTPUT = 8192;

    public CheckResult {
        Objects.requireNonNull(state, "state");
        if (state == ServiceState.PENDING) {
            throw new IllegalArgumentException("a check result cannot be PENDING");
        }
        output = cap(output == null || output.isBlank() ? "(no output)" : output.strip());
        longOutput = cap(longOutput == null ? "" : longOutput.strip());
        perfdata = perfdata == null ? List.of() : List.copyOf(perfdata);
    }

    public static CheckResult of(ServiceState state, String output, PerfValue... perfdata) {
        return new CheckResult(state, output, "", List.of(perfdata));
    }

    /** An UNKNOWN result worded as a plugin would: {@code UNKNOWN - reason}. */
    public static CheckResult unknown(String reason) {
        return new CheckResult(ServiceState.UNKNOWN, "UNKNOWN - " + reason, "", List.of());
    }

    /** A result worded like a Nagios plugin's first line: {@code HTTP OK - message}. */
    public static CheckResult line(String label, ServiceState state, String message, List<PerfValue> perfdata) {
        return new CheckResult(state, label + " " + state + " - " + message, "", perfdata);
    }

    /** One Nagios status line: {@code output | perfdata}. */
    public String statusLine() {
        return perfdata.isEmpty() ? output : output + " | " + Perfdata.format(perfdata);
    }

    private static String cap(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT) + "…";
    }
}

package dev.vigil.checks;

import dev.vigil.core.text.Secrets;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a check found, in the shape of a Nagios plugin's answer.
 *
 * @param output the first line, shown everywhere (secrets in it are masked, like in every other text that leaves a source)
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
        // A plugin or a passive submitter may print a DSN or a token; nothing downstream should ever see it.
        output = cap(Secrets.mask(output == null || output.isBlank() ? "(no output)" : output.strip()));
        longOutput = cap(Secrets.mask(longOutput == null ? "" : longOutput.strip()));
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

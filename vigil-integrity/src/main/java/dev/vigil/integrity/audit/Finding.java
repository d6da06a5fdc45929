package dev.vigil.integrity.audit;

/**
 * Something unsafe the audit found: which check ({@code kind}, e.g. "world-writable"), the exact path (or
 * account, or port), how bad it is, why it matters and the command that fixes it.
 *
 * @param severity "low", "medium", "high" or "critical"
 */
public record Finding(String kind, String path, String severity, String why, String remediation) {

    /** Single-quotes a path for a shell command shown to a person (never run by Vigil). */
    static String q(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }
}

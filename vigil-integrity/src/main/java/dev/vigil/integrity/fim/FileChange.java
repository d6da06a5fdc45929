package dev.vigil.integrity.fim;

import java.util.Locale;
import java.util.Map;

/**
 * One change between the baseline and a scan: a path added or removed, or one aspect of it changed
 * (content and times: modified; mode: permissions; owner or group: ownership), with the attributes before
 * and after, and for a small text file watched with {@code report_changes}, a unified diff (secrets masked).
 */
public record FileChange(String path, Kind kind, Map<String, Object> before, Map<String, Object> after, String diff) {

    /**
     * Whether this change gave the path a SUID or SGID bit it did not have (or added such a file): the way a
     * foothold becomes root, so it is told apart from an ordinary mode change.
     */
    public boolean gainsSetuid() {
        int now = mode(after);
        return (now & 06000) != 0 && (kind == Kind.ADDED || kind == Kind.PERMISSIONS) && (mode(before) & 06000 & now) != (now & 06000);
    }

    private static int mode(Map<String, Object> state) {
        if (state == null || !(state.get("mode") instanceof String m)) {
            return 0;
        }
        try {
            return Integer.parseInt(m, 8);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public enum Kind {
        ADDED, REMOVED, MODIFIED, PERMISSIONS, OWNERSHIP;

        /** The name in JSON and on the dashboard: "added", "removed", ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

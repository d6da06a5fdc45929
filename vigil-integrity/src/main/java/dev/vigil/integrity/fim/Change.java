package dev.vigil.integrity.fim;

import java.util.Locale;
import java.util.Map;

/**
 * One change between the baseline and a scan: a path added or removed, or one aspect of it changed
 * (content and times: modified; mode: permissions; owner or group: ownership), with the attributes before
 * and after, and for a small text file watched with {@code report_changes}, a unified diff (secrets masked).
 */
public record Change(String path, Kind kind, Map<String, Object> before, Map<String, Object> after, String diff) {

    public enum Kind {
        ADDED, REMOVED, MODIFIED, PERMISSIONS, OWNERSHIP;

        /** The name in JSON and on the dashboard: "added", "removed", ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package dev.vigil.agent.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels of agents and join tokens ({@code role=web,dc=fra}): how they are written and what names and values may be. */
public final class Labels {
    private Labels() {}

    /** Labels written {@code role=web,dc=fra} (the command line, the dashboard's form); empty or null is none. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("labels are NAME=VALUE pairs separated by commas, e.g. role=web,dc=fra");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        check(out);
        return out;
    }

    /** Refuses names other than 1 to 63 letters, digits, '_', '.' or '-', and values over 200 characters. */
    public static void check(Map<String, String> labels) {
        for (var e : labels.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9_.-]{1,63}") || e.getValue().length() > 200) {
                throw new IllegalArgumentException("label names are 1 to 63 letters, digits, '_', '.' or '-', values at most 200 characters");
            }
        }
    }
}

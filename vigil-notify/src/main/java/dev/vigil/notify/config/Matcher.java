package dev.vigil.notify.config;

import dev.vigil.core.event.Event;
import dev.vigil.core.text.BoundedRegex;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A condition on one label of an event (host, source, severity, kind, service, groups, ...): equal, not
 * equal, or a (time-bounded) regular expression that must match the whole value. {@code groups} holds a
 * host's groups comma-separated; {@code groups = web} matches when web is one of them.
 */
public record Matcher(String label, Op op, String value) {
    public enum Op { EQUAL, NOT_EQUAL, REGEX, NOT_REGEX }

    public Matcher {
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            BoundedRegex.compile(anchored(value), Duration.ofMillis(50)); // validates now
        }
    }

    private static String anchored(String v) {
        return "^(?:" + v + ")$";
    }

    public boolean matches(Event event) {
        return matches(event.label(label));
    }

    public boolean matches(Map<String, String> labels) {
        return matches(labels.get(label));
    }

    private boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        boolean hit = switch (op) {
            case EQUAL, NOT_EQUAL -> label.equals("groups")
                    ? Arrays.asList(v.split(",")).contains(value) : v.equals(value);
            case REGEX, NOT_REGEX -> {
                try {
                    yield BoundedRegex.compile(anchored(value), Duration.ofMillis(50)).find(v);
                } catch (BoundedRegex.TooSlow e) {
                    yield false;
                }
            }
        };
        return (op == Op.EQUAL || op == Op.REGEX) == hit;
    }
}

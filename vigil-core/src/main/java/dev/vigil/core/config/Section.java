package dev.vigil.core.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one mapping of the configuration. Each getter records the key as known; a bad value adds an error
 * (with file, line and the expected form) and returns a fallback so reading continues and every error is
 * reported in one pass. {@link #finish()} reports keys nobody asked for, which catches typos such as
 * {@code intervall}.
 */
public final class Section {
    private final ConfigNode.Mapping map;
    private final ConfigErrors errors;
    private final Set<String> known = new LinkedHashSet<>();

    public Section(ConfigNode.Mapping map, ConfigErrors errors) {
        this.map = map;
        this.errors = errors;
    }

    /** Wraps {@code node} if it is a mapping; otherwise reports an error and returns an empty section. */
    public static Section of(ConfigNode node, String what, ConfigErrors errors) {
        if (node instanceof ConfigNode.Mapping m) {
            return new Section(m, errors);
        }
        errors.add(node, what + " must be a mapping of key: value, found " + node.describe());
        return new Section(new ConfigNode.Mapping(Map.of(), node.location()), errors);
    }

    public Location location() {
        return map.location();
    }

    public ConfigErrors errors() {
        return errors;
    }

    public ConfigNode.Mapping node() {
        return map;
    }

    public boolean has(String key) {
        known.add(key);
        return map.entries().containsKey(key) && map.entries().get(key) != null;
    }

    /** Marks keys as handled elsewhere (e.g. by a check type reading the same mapping). */
    public void accept(String... keys) {
        known.addAll(List.of(keys));
    }

    public Optional<ConfigNode> node(String key) {
        known.add(key);
        return map.get(key);
    }

    public Location at(String key) {
        return map.get(key).map(ConfigNode::location).orElse(map.location());
    }

    public void error(String key, String message) {
        errors.add(at(key), message);
    }

    public Optional<String> string(String key) {
        known.add(key);
        ConfigNode n = map.entries().get(key);
        if (n == null) {
            return Optional.empty();
        }
        if (n instanceof ConfigNode.Scalar s) {
            return Optional.ofNullable(s.value());
        }
        errors.add(n, "'" + key + "' must be a single value, found " + n.describe());
        return Optional.empty();
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public String required(String key, String expected) {
        Optional<String> v = string(key);
        if (v.isEmpty() || v.get().isBlank()) {
            if (!map.entries().containsKey(key) || map.entries().get(key) instanceof ConfigNode.Scalar) {
                errors.add(map.location(), "missing '" + key + "': expected " + expected);
            }
            return "";
        }
        return v.get();
    }

    public Duration duration(String key, Duration fallback) {
        return string(key).map(s -> {
            try {
                return Durations.parse(s);
            } catch (IllegalArgumentException e) {
                errors.add(at(key), "'" + key + "': " + e.getMessage());
                return fallback;
            }
        }).orElse(fallback);
    }

    public Optional<Duration> duration(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(duration(key, null));
    }

    public int integer(String key, int fallback, int min, int max) {
        return string(key).map(s -> {
            try {
                int v = Integer.parseInt(s.trim());
                if (v < min || v > max) {
                    errors.add(at(key), "'" + key + "' must be between " + min + " and " + max + ", found " + v);
                    return fallback;
                }
                return v;
            } catch (NumberFormatException e) {
                errors.add(at(key), "'" + key + "' must be a whole number, found '" + s + "'");
                return fallback;
            }
        }).orElse(fallback);
    }

    public double number(String key, double fallback) {
        return string(key).map(s -> {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                errors.add(at(key), "'" + key + "' must be a number, found '" + s + "'");
                return fallback;
            }
        }).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return string(key).map(s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                errors.add(at(key), "'" + key + "' must be true or false, found '" + s + "'");
                yield fallback;
            }
        }).orElse(fallback);
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        return string(key).map(s -> {
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(at(key), "'" + key + "' must be one of " + choices(type) + ", found '" + s + "'");
                return fallback;
            }
        }).orElse(fallback);
    }

    private static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        return String.join(", ", names);
    }

    /** A list of words; a single scalar counts as a one-element list ({@code groups: web}). */
    public List<String> strings(String key) {
        known.add(key);
        ConfigNode n = map.entries().get(key);
        if (n == null) {
            return List.of();
        }
        return switch (n) {
            case ConfigNode.Scalar s -> s.value() == null ? List.of() : List.of(s.value());
            case ConfigNode.Sequence seq -> {
                List<String> out = new ArrayList<>();
                for (ConfigNode item : seq.items()) {
                    if (item instanceof ConfigNode.Scalar s && s.value() != null) {
                        out.add(s.value());
                    } else {
                        errors.add(item, "'" + key + "' items must be single values, found " + item.describe());
                    }
                }
                yield out;
            }
            case ConfigNode.Mapping m -> {
                errors.add(m, "'" + key + "' must be a list, found a mapping");
                yield List.of();
            }
        };
    }

    /** A nested mapping of string values, e.g. HTTP headers. */
    public Map<String, String> stringMap(String key) {
        known.add(key);
        ConfigNode n = map.entries().get(key);
        if (n == null) {
            return Map.of();
        }
        if (!(n instanceof ConfigNode.Mapping m)) {
            errors.add(n, "'" + key + "' must be a mapping of name: value, found " + n.describe());
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> {
            if (v instanceof ConfigNode.Scalar s && s.value() != null) {
                out.put(k, s.value());
            } else {
                errors.add(v, "'" + key + "." + k + "' must be a single value, found " + v.describe());
            }
        });
        return out;
    }

    /**
     * The entries of a list-valued key ({@code hosts:}, {@code receivers:}); empty if absent; an error if the
     * value is not a list (a common YAML slip: a mapping where "- " items were meant).
     */
    public List<ConfigNode> list(String key) {
        known.add(key);
        ConfigNode n = map.entries().get(key);
        if (n == null || (n instanceof ConfigNode.Scalar sc && sc.value() == null)) {
            return List.of();
        }
        if (n instanceof ConfigNode.Sequence seq) {
            return seq.items();
        }
        errors.add(n, "'" + key + "' must be a list (entries starting with '- '), found " + n.describe());
        return List.of();
    }

    /** A time zone such as Europe/Berlin or UTC; {@code fallback} when absent or unknown (then with an error). */
    public ZoneId zone(String key, ZoneId fallback) {
        return string(key).map(v -> {
            try {
                return ZoneId.of(v.trim());
            } catch (DateTimeException e) {
                errors.add(at(key), "unknown timezone '" + v + "'; expected e.g. Europe/Berlin or UTC");
                return fallback;
            }
        }).orElse(fallback);
    }

    /** The keys getters have asked for so far: what this section understands (for help texts). */
    public Set<String> knownKeys() {
        return Collections.unmodifiableSet(known);
    }

    /** Reports every key that no getter asked for. */
    public void finish() {
        for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                Location at = e.getValue() == null ? map.location() : e.getValue().location();
                errors.add(at, "unknown key '" + e.getKey() + "'; expected one of: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}

package dev.vigil.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration tree that remembers where each value was written, so errors can name file and line.
 * YAML files, command-line options and JSON from the API all become this tree and are validated by the
 * same code.
 */
public sealed interface ConfigNode {

    Location location();

    /** A short description for error messages: "a mapping", "a list", "'abc'". */
    String describe();

    record Scalar(String value, Location location) implements ConfigNode {
        @Override
        public String describe() {
            return value == null ? "an empty value" : "'" + value + "'";
        }
    }

    record Mapping(Map<String, ConfigNode> entries, Location location) implements ConfigNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<ConfigNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<ConfigNode> items, Location location) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * Builds a tree from plain Java values (maps, lists, scalars), as decoded from JSON or collected from
     * command-line options; every node gets the same origin.
     */
    static ConfigNode fromValue(Object value, Location origin) {
        if (value instanceof Map<?, ?> map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), fromValue(v, origin)));
            return new Mapping(entries, origin);
        }
        if (value instanceof List<?> list) {
            return new Sequence(list.stream().map(v -> fromValue(v, origin)).toList(), origin);
        }
        return new Scalar(value == null ? null : String.valueOf(value), origin);
    }

    /** The inverse of {@link #fromValue}: plain maps, lists and strings, e.g. to store as JSON. */
    static Object toValue(ConfigNode node) {
        return switch (node) {
            case Scalar s -> s.value();
            case Sequence s -> s.items().stream().map(ConfigNode::toValue).toList();
            case Mapping m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, toValue(v)));
                yield out;
            }
        };
    }
}

package dev.vigil.metrics.intake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One StatsD (and DogStatsD) metric: {@code name:value|type[|@rate][|#tag:value,tag]}. Types: {@code c} counter,
 * {@code g} gauge (a value with a leading + or - changes it), {@code ms} timer, {@code h} and {@code d} histogram and
 * distribution (kept as timers are), {@code s} set.
 */
record StatsdLine(String name, Type type, double value, String member, boolean delta, double rate, Map<String, String> tags) {

    enum Type { COUNTER, GAUGE, TIMER, SET }

    static StatsdLine parse(String line) {
        String[] fields = line.strip().split("\\|");
        int colon = fields[0].lastIndexOf(':');
        if (fields.length < 2 || colon <= 0) {
            throw new IllegalArgumentException("expected 'name:value|type'");
        }
        String name = fields[0].substring(0, colon);
        String raw = fields[0].substring(colon + 1);
        Type type = switch (fields[1]) {
            case "c" -> Type.COUNTER;
            case "g" -> Type.GAUGE;
            case "ms", "h", "d" -> Type.TIMER;
            case "s" -> Type.SET;
            default -> throw new IllegalArgumentException("unknown type '" + fields[1] + "' (c, g, ms, h, d or s)");
        };
        double rate = 1;
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 2; i < fields.length; i++) {
            String f = fields[i];
            if (f.startsWith("@")) {
                try {
                    rate = Double.parseDouble(f.substring(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the sample rate is not a number");
                }
                if (!(rate > 0 && rate <= 1)) {
                    throw new IllegalArgumentException("the sample rate must be in (0, 1]");
                }
            } else if (f.startsWith("#")) {
                for (String t : f.substring(1).split(",")) {
                    if (t.isEmpty()) {
                        continue;
                    }
                    int c = t.indexOf(':');
                    tags.put(c < 0 ? t : t.substring(0, c), c < 0 ? "true" : t.substring(c + 1));
                }
            } // other DogStatsD fields (c: container, T timestamp) are not used
        }
        if (type == Type.SET) {
            return new StatsdLine(name, type, 0, raw, false, rate, tags);
        }
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the value is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the value is not a finite number");
        }
        boolean delta = type == Type.GAUGE && (raw.startsWith("+") || raw.startsWith("-"));
        return new StatsdLine(name, type, value, null, delta, rate, tags);
    }
}

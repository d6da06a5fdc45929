package dev.vigil.metrics.intake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of Graphite's plaintext protocol: {@code name value [timestamp]}, the timestamp in epoch seconds (absent
 * or -1: now), the name optionally tagged as Graphite 1.1 writes it ({@code name;key=value;key2=value2}).
 */
record GraphiteLine(String name, Map<String, String> tags, double value, Instant at) {

    /** Reads a line; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static GraphiteLine parse(String line, Instant now) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected 'name value [timestamp]'");
        }
        String[] nameAndTags = parts[0].split(";");
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; i < nameAndTags.length; i++) {
            int eq = nameAndTags[i].indexOf('=');
            if (eq <= 0 || eq == nameAndTags[i].length() - 1) {
                throw new IllegalArgumentException("a tag must be key=value");
            }
            tags.put(nameAndTags[i].substring(0, eq), nameAndTags[i].substring(eq + 1));
        }
        double value;
        try {
            value = Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the value is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the value is not a finite number");
        }
        Instant at = now;
        if (parts.length == 3 && !parts[2].equals("-1")) {
            try {
                double seconds = Double.parseDouble(parts[2]);
                if (!Double.isFinite(seconds) || seconds < 0 || seconds > 32_503_680_000d) {
                    throw new NumberFormatException();
                }
                at = Instant.ofEpochMilli((long) (seconds * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the timestamp is not epoch seconds");
            }
        }
        return new GraphiteLine(nameAndTags[0], tags, value, at);
    }
}

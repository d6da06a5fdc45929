package dev.vigil.metrics.intake;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Tags as a series name keeps them: after the metric name, sorted, as {@code ,key=value} (InfluxDB's and
 * Prometheus' way of writing a labelled series), so the same tags always make the same series. A {@code host} tag
 * is not kept in the name: it says which host the series belongs to.
 */
final class Tags {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.:@%/+-]{1,100}");

    private Tags() {}

    /** {@code name} with {@code tags} appended; a tag whose key or value holds other characters is refused. */
    static String name(String name, Map<String, String> tags) {
        StringBuilder b = new StringBuilder(name);
        for (var e : new TreeMap<>(tags).entrySet()) {
            if (e.getKey().equals("host")) {
                continue;
            }
            if (!PART.matcher(e.getKey()).matches() || !PART.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("tag " + e.getKey() + " holds characters a series name cannot");
            }
            b.append(',').append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}

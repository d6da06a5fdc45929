package dev.vigil.metrics.collect.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the Prometheus text exposition format (version 0.0.4): {@code # TYPE} lines, samples
 * {@code name{label="value",...} value [timestamp]} with escaped label values ({@code \\}, {@code \"},
 * {@code \n}) and the special values NaN, +Inf and -Inf. Malformed lines are counted, not fatal.
 */
public final class Exposition {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value, String type) {}

    /** The parse result. */
    public record Parsed(List<Sample> samples, int malformed, boolean truncated) {}

    private Exposition() {}

    public static Parsed parse(String text, int maxSamples) {
        Map<String, String> types = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        int malformed = 0;
        boolean truncated = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] f = line.split("\\s+", 4);
                if (f.length >= 4 && f[1].equals("TYPE")) {
                    types.put(f[2], f[3].trim());
                }
                continue;
            }
            if (out.size() >= maxSamples) {
                truncated = true;
                break;
            }
            try {
                out.add(sample(line, types));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                malformed++;
            }
        }
        return new Parsed(out, malformed, truncated);
    }

    private static Sample sample(String line, Map<String, String> types) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("bad metric name");
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).trim().replace(",", "");
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(label, v.toString());
                i = j + 1;
                while (line.charAt(i) == ',' || line.charAt(i) == ' ') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split("\\s+");
        double value = switch (rest[0]) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(rest[0]);
        };
        String family = types.containsKey(name) ? name : name.replaceAll("_(bucket|sum|count|total|created)$", "");
        String type = types.getOrDefault(family, types.getOrDefault(name, "untyped"));
        return new Sample(name, labels, value, type);
    }
}

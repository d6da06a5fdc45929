package dev.vigil.metrics.intake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of InfluxDB's line protocol: {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]},
 * with its escapes (a backslash before a comma, space or equals sign; in a string field before a quote or a
 * backslash). Numeric fields are kept (floats, {@code 12i} integers, {@code 12u} unsigned, booleans as 1 and 0);
 * string fields are not numbers and are left out.
 */
record InfluxLine(String measurement, Map<String, String> tags, Map<String, Double> fields, Long timestamp) {

    /** Reads a line; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static InfluxLine parse(String line) {
        Cursor c = new Cursor(line.strip());
        String measurement = c.until(",  ".toCharArray(), false);
        if (measurement.isEmpty()) {
            throw new IllegalArgumentException("missing the measurement");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        while (c.peek() == ',') {
            c.next();
            String key = c.until("=".toCharArray(), false);
            c.expect('=');
            String value = c.until(", ".toCharArray(), false);
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("a tag needs a key and a value");
            }
            tags.put(key, value);
        }
        if (c.peek() != ' ') {
            throw new IllegalArgumentException("missing the fields");
        }
        c.skipSpaces();
        Map<String, Double> fields = new LinkedHashMap<>();
        boolean any = false;
        do {
            if (c.peek() == ',') {
                c.next();
            }
            String key = c.until("=".toCharArray(), false);
            c.expect('=');
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a field needs a key");
            }
            any = true;
            if (c.peek() == '"') {
                c.next();
                c.until("\"".toCharArray(), true);
                c.expect('"'); // a string: kept by InfluxDB, not a number here
            } else {
                fields.put(key, number(c.until(", ".toCharArray(), false)));
            }
        } while (c.peek() == ',');
        if (!any) {
            throw new IllegalArgumentException("missing the fields");
        }
        c.skipSpaces();
        Long timestamp = null;
        if (!c.atEnd()) {
            String t = c.until(" ".toCharArray(), false);
            try {
                timestamp = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the timestamp is not an integer");
            }
            c.skipSpaces();
            if (!c.atEnd()) {
                throw new IllegalArgumentException("unexpected text after the timestamp");
            }
        }
        return new InfluxLine(measurement, tags, fields, timestamp);
    }

    private static double number(String v) {
        switch (v) {
            case "t", "T", "true", "True", "TRUE" -> {
                return 1;
            }
            case "f", "F", "false", "False", "FALSE" -> {
                return 0;
            }
            default -> { }
        }
        String digits = v.endsWith("i") || v.endsWith("u") ? v.substring(0, v.length() - 1) : v;
        try {
            double d = v.endsWith("i") || v.endsWith("u") ? Long.parseLong(digits) : Double.parseDouble(digits);
            if (!Double.isFinite(d) || (v.endsWith("u") && d < 0)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field value '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "' is not a number");
        }
    }

    /** The time of the line in {@code precision} (ns, us, ms, s; InfluxDB 1's n, u, m and h too), or {@code now}. */
    Instant at(String precision, Instant now) {
        if (timestamp == null) {
            return now;
        }
        long t = timestamp;
        return switch (precision == null ? "ns" : precision) {
            case "ns", "n" -> Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L));
            case "us", "u" -> Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000L), Math.floorMod(t, 1_000_000L) * 1000);
            case "ms" -> Instant.ofEpochMilli(t);
            case "s" -> Instant.ofEpochSecond(t);
            case "m" -> Instant.ofEpochSecond(Math.multiplyExact(t, 60));
            case "h" -> Instant.ofEpochSecond(Math.multiplyExact(t, 3600));
            default -> throw new IllegalArgumentException("unknown precision '" + precision + "' (ns, us, ms or s)");
        };
    }

    /** Reads a line left to right, undoing backslash escapes. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void next() {
            i++;
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new IllegalArgumentException("expected '" + ch + "' at column " + (i + 1));
            }
            i++;
        }

        void skipSpaces() {
            while (peek() == ' ') {
                i++;
            }
        }

        /** Text up to (not including) an unescaped stop character; {@code quoted}: inside a string field. */
        String until(char[] stops, boolean quoted) {
            StringBuilder b = new StringBuilder();
            while (!atEnd()) {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(i + 1);
                    boolean escapable = quoted ? n == '"' || n == '\\' : n == ',' || n == ' ' || n == '=' || n == '\\';
                    if (escapable) {
                        b.append(n);
                        i += 2;
                        continue;
                    }
                }
                for (char stop : stops) {
                    if (ch == stop) {
                        return b.toString();
                    }
                }
                b.append(ch);
                i++;
            }
            return b.toString();
        }
    }
}

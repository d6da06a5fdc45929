package dev.vigil.checks;

import java.util.Locale;

/**
 * A Nagios threshold range: {@code 10} (alert outside 0..10), {@code 10:} (below 10), {@code ~:10} (above
 * 10), {@code 10:20} (outside 10..20) and {@code @10:20} (inside 10..20).
 */
public record Range(double start, double end, boolean inside, String text) {

    public static Range parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty threshold range");
        }
        String s = text.trim();
        boolean inside = s.startsWith("@");
        if (inside) {
            s = s.substring(1);
        }
        double start = 0;
        double end;
        int colon = s.indexOf(':');
        try {
            if (colon < 0) {
                end = Double.parseDouble(s);
            } else {
                String a = s.substring(0, colon);
                String b = s.substring(colon + 1);
                start = a.equals("~") ? Double.NEGATIVE_INFINITY : a.isEmpty() ? 0 : Double.parseDouble(a);
                end = b.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(b);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid threshold range '" + text
                    + "'; expected Nagios range syntax such as 10, 10:, ~:10, 10:20 or @10:20");
        }
        if (start > end) {
            throw new IllegalArgumentException("invalid threshold range '" + text + "': start is greater than end");
        }
        return new Range(start, end, inside, text.trim());
    }

    /** True when {@code value} should raise an alert. */
    public boolean alerts(double value) {
        boolean within = value >= start && value <= end;
        return inside == within;
    }

    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT);
    }
}

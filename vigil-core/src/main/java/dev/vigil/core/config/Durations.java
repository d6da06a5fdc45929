package dev.vigil.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in monitoring configs: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");
    public static final String EXPECTED = "a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m or 1h30m";

    private Durations() {}

    /** Parses a duration; throws {@link IllegalArgumentException} with the expected form on bad input. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration; expected " + EXPECTED);
        }
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return nonNegative(Duration.parse(s), text);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "'; expected " + EXPECTED);
            }
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        double millis = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("invalid duration '" + text + "'; expected " + EXPECTED);
            }
            double n = Double.parseDouble(m.group(1));
            if (n > MAX.toDays() * 86_400_000.0) {
                throw new IllegalArgumentException("duration '" + text + "' is too long (at most 36525d)");
            }
            millis += n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                case "w" -> 604_800_000;
                default -> throw new IllegalStateException("pattern allows only known units");
            };
            pos = m.end();
        }
        return nonNegative(Duration.ofMillis(Math.round(millis)), text);
    }

    /** The longest duration anything takes: a century, far below where time arithmetic overflows. */
    public static final Duration MAX = Duration.ofDays(36_525);

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration '" + text + "'");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("duration '" + text + "' is too long (at most 36525d)");
        }
        return d;
    }

    /** The short form used in output: 90s becomes 1m30s. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }
}

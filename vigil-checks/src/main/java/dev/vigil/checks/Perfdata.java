package dev.vigil.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints perfdata in the format of the Nagios plugin development guidelines. */
public final class Perfdata {
    /** Number with optional exponent, then the unit of measurement (any non-digit letters or %). */
    private static final Pattern VALUE = Pattern.compile("^([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)([a-zA-Z%/]*)$");

    private Perfdata() {}

    /**
     * Parses a perfdata string. Items that do not follow the format are skipped, as Nagios does, so one
     * plugin bug does not lose the other values; {@code problems} receives a note for each.
     */
    public static List<PerfValue> parse(String text, List<String> problems) {
        List<PerfValue> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder label = new StringBuilder();
            if (text.charAt(i) == '\'') {
                i++;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < n && text.charAt(i + 1) == '\'') { // '' is an escaped quote
                            label.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    label.append(c);
                    i++;
                }
            } else {
                while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                    label.append(text.charAt(i++));
                }
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String rest = text.substring(start, i);
            if (!rest.startsWith("=") || label.isEmpty()) {
                problems.add("ignored malformed perfdata '" + label + rest + "'");
                continue;
            }
            PerfValue v = item(label.toString(), rest.substring(1), problems);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static PerfValue item(String label, String body, List<String> problems) {
        String[] f = body.split(";", -1);
        Double value;
        String unit;
        if (f[0].equals("U")) {
            value = null;
            unit = "";
        } else {
            Matcher m = VALUE.matcher(f[0].replace(',', '.'));
            if (!m.matches()) {
                problems.add("ignored perfdata '" + label + "': value '" + f[0] + "' is not a number");
                return null;
            }
            value = Double.parseDouble(m.group(1));
            unit = m.group(2);
        }
        String warn = f.length > 1 ? f[1] : "";
        String crit = f.length > 2 ? f[2] : "";
        Double min = f.length > 3 ? number(f[3]) : null;
        Double max = f.length > 4 ? number(f[4]) : null;
        return new PerfValue(label, value, unit, warn, crit, min, max);
    }

    private static Double number(String s) {
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = VALUE.matcher(s.replace(',', '.'));
        return m.matches() ? Double.parseDouble(m.group(1)) : null;
    }

    /** Prints items back in plugin format; labels with spaces, quotes or '=' are quoted. */
    public static String format(List<PerfValue> values) {
        StringBuilder b = new StringBuilder();
        for (PerfValue v : values) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            String label = v.label();
            if (label.matches(".*[\\s'=].*")) {
                label = "'" + label.replace("'", "''") + "'";
            }
            b.append(label).append('=').append(v.value() == null ? "U" : num(v.value())).append(v.unit())
                    .append(';').append(v.warn()).append(';').append(v.crit())
                    .append(';').append(v.min() == null ? "" : num(v.min()))
                    .append(';').append(v.max() == null ? "" : num(v.max()));
            // Trailing empty fields are optional in the format; drop them for readability.
            while (b.charAt(b.length() - 1) == ';') {
                b.setLength(b.length() - 1);
            }
        }
        return b.toString();
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

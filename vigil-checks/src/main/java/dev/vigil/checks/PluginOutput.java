package dev.vigil.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * The text a Nagios plugin prints, split per the plugin development guidelines: first line
 * {@code TEXT | PERFDATA}, then long output lines, where a {@code |} starts more perfdata that runs to the end.
 */
public record PluginOutput(String output, String longOutput, List<PerfValue> perfdata, List<String> problems) {

    public static PluginOutput parse(String text) {
        List<String> problems = new ArrayList<>();
        String clean = sanitize(text == null ? "" : text);
        String[] lines = clean.split("\\R", -1);
        String first = lines.length > 0 ? lines[0] : "";
        StringBuilder perf = new StringBuilder();
        int bar = first.indexOf('|');
        if (bar >= 0) {
            perf.append(first, bar + 1, first.length());
            first = first.substring(0, bar);
        }
        StringBuilder longOut = new StringBuilder();
        boolean inPerf = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!inPerf) {
                int b = line.indexOf('|');
                if (b >= 0) {
                    appendLine(longOut, line.substring(0, b));
                    perf.append(' ').append(line.substring(b + 1));
                    inPerf = true;
                } else {
                    appendLine(longOut, line);
                }
            } else {
                perf.append(' ').append(line);
            }
        }
        List<PerfValue> values = Perfdata.parse(perf.toString(), problems);
        String output = first.strip();
        if (output.isEmpty()) {
            output = "(no output returned from plugin)";
        }
        return new PluginOutput(output, longOut.toString().strip(), values, problems);
    }

    private static void appendLine(StringBuilder b, String line) {
        if (!b.isEmpty()) {
            b.append('\n');
        }
        b.append(line);
    }

    /** Drops control characters (garbage or terminal escapes) that would corrupt a status line or a page. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp != 0x7f && cp != 0xfffd && !Character.isISOControl(cp))) {
                b.appendCodePoint(cp == '\t' ? ' ' : cp);
            } else if (cp == 0xfffd || (cp < 0x20 && cp != '\r')) {
                b.append('?');
            }
        });
        return b.toString();
    }
}

package dev.vigil.threats.triage;

import dev.vigil.core.text.Secrets;
import dev.vigil.threats.detect.Leak;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The lines of a text that show what was found, numbered, with one line of context either side, every
 * secret masked: what a person reads on the triage page instead of the original.
 */
final class Excerpt {
    static final int MAX_LINES = 15;
    private static final int MAX_LINE = 240;

    private Excerpt() {}

    /** @param marks char indexes of what was found besides the secrets (watched terms), to show their lines */
    static String of(String text, List<Leak> leaks, List<Integer> marks) {
        int[] starts = lineStarts(text);
        TreeSet<Integer> wanted = new TreeSet<>();
        List<Integer> at = new ArrayList<>();
        leaks.forEach(l -> at.add(l.start()));
        at.addAll(marks);
        for (int offset : at) {
            int line = lineOf(starts, offset);
            for (int l = Math.max(0, line - 1); l <= Math.min(starts.length - 1, line + 1); l++) {
                wanted.add(l);
            }
            if (wanted.size() >= MAX_LINES) {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        int previous = -2;
        for (int line : wanted) {
            if (out.length() > 0 && line != previous + 1) {
                out.append("…\n");
            }
            int from = starts[line];
            int to = line + 1 < starts.length ? starts[line + 1] - 1 : text.length();
            out.append(line + 1).append(": ").append(show(text, from, to, leaks, at)).append('\n');
            previous = line;
        }
        return out.toString().stripTrailing();
    }

    /** One line with its secrets masked; a long line (minified, a dump row) is cut around what was found in it. */
    private static String show(String text, int from, int to, List<Leak> leaks, List<Integer> marks) {
        StringBuilder line = new StringBuilder();
        int i = from;
        for (Leak l : leaks) {
            if (l.start() >= i && l.end() <= to && l.start() >= from) {
                line.append(text, i, l.start()).append(l.secret());
                i = l.end();
            }
        }
        line.append(text, i, Math.max(i, to));
        String masked = Secrets.mask(line.toString().replace('\r', ' '));
        if (masked.length() <= MAX_LINE) {
            return masked;
        }
        int focus = marks.stream().filter(m -> m >= from && m < to).findFirst().map(m -> m - from).orElse(0);
        int start = Math.max(0, Math.min(focus - MAX_LINE / 2, masked.length() - MAX_LINE));
        return (start > 0 ? "…" : "") + masked.substring(start, start + MAX_LINE) + (start + MAX_LINE < masked.length() ? "…" : "");
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i + 1 < text.length()) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] starts, int offset) {
        int i = java.util.Arrays.binarySearch(starts, offset);
        return i >= 0 ? i : -i - 2;
    }
}

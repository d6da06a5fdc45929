package dev.vigil.integrity.fim;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code diff -u} style, 3 lines of context) of two small texts, by longest common subsequence. */
final class UnifiedDiff {
    private static final int MAX_LINES = 2000;

    private UnifiedDiff() {}

    private static String[] lines(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.isEmpty() ? new String[0] : t.split("\n", -1);
    }

    static String of(String path, String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            return "(file too long to show a diff: " + a.length + " -> " + b.length + " lines)";
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // The edit script: ' ' same, '-' only before, '+' only after, with line numbers.
        List<String[]> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add(new String[] {" ", a[i], String.valueOf(i), String.valueOf(j)});
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new String[] {"+", b[j], String.valueOf(i), String.valueOf(j)});
                j++;
            } else {
                ops.add(new String[] {"-", a[i], String.valueOf(i), String.valueOf(j)});
                i++;
            }
        }
        StringBuilder out = new StringBuilder("--- ").append(path).append(" (baseline)\n+++ ").append(path).append(" (now)\n");
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - 3);
            int end = k;
            // Extend the hunk while changes are within 6 lines of each other.
            int lastChange = k;
            while (end < ops.size() && end - lastChange <= 6) {
                if (!ops.get(end)[0].equals(" ")) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + 4);
            int aStart = Integer.parseInt(ops.get(start)[2]);
            int bStart = Integer.parseInt(ops.get(start)[3]);
            int aLen = 0;
            int bLen = 0;
            StringBuilder hunk = new StringBuilder();
            for (int x = start; x < end; x++) {
                String[] op = ops.get(x);
                hunk.append(op[0]).append(op[1]).append('\n');
                if (!op[0].equals("+")) {
                    aLen++;
                }
                if (!op[0].equals("-")) {
                    bLen++;
                }
            }
            out.append("@@ -").append(aStart + 1).append(',').append(aLen).append(" +").append(bStart + 1).append(',').append(bLen)
                    .append(" @@\n").append(hunk);
            k = end;
        }
        return out.toString();
    }
}

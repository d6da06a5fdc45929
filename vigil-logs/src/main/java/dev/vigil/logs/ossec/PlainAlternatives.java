package dev.vigil.logs.ossec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pattern that is nothing but literal alternatives, each maybe anchored with ^ or $ (what os_match compiles
 * to: {@code <match>}, {@code <program_name>}, {@code <user>}, ...), tested with plain comparisons instead of the
 * regex engine. It answers exactly as the compiled Java pattern would: case folding is ASCII-only as with
 * CASE_INSENSITIVE, and a subject ending in a line terminator (where {@code $} would also match before it) is
 * left to the regex ({@link #decides}).
 */
final class PlainAlternatives {
    private final String[] literals;
    private final boolean[] atStart;
    private final boolean[] atEnd;
    private final boolean ignoreCase;

    private PlainAlternatives(String[] literals, boolean[] atStart, boolean[] atEnd, boolean ignoreCase) {
        this.literals = literals;
        this.atStart = atStart;
        this.atEnd = atEnd;
        this.ignoreCase = ignoreCase;
    }

    /** The plain form of {@code p}, or null when it is anything more than literal alternatives. */
    static PlainAlternatives of(Pattern p) {
        int other = p.flags() & ~Pattern.CASE_INSENSITIVE;
        if (other != 0) {
            return null;
        }
        String re = p.pattern();
        List<String> lits = new ArrayList<>();
        List<Boolean> starts = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        int i = 0;
        while (true) {
            boolean start = re.startsWith("^", i);
            i += start ? 1 : 0;
            if (!re.startsWith("\\Q", i)) {
                return null;
            }
            int close = re.indexOf("\\E", i + 2);
            if (close < 0) {
                return null;
            }
            lits.add(re.substring(i + 2, close));
            i = close + 2;
            boolean end = re.startsWith("$", i);
            i += end ? 1 : 0;
            starts.add(start);
            ends.add(end);
            if (i == re.length()) {
                break;
            }
            if (re.charAt(i) != '|') {
                return null; // e.g. a literal with \\E inside, which Pattern.quote splits: leave it to the regex
            }
            i++;
        }
        boolean[] s = new boolean[starts.size()];
        boolean[] e = new boolean[ends.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = starts.get(k);
            e[k] = ends.get(k);
        }
        return new PlainAlternatives(lits.toArray(String[]::new), s, e, (p.flags() & Pattern.CASE_INSENSITIVE) != 0);
    }

    /** False when {@code subject} ends in a line terminator: there {@code $} has a second place to match. */
    boolean decides(CharSequence subject) {
        if (subject.isEmpty()) {
            return true;
        }
        char last = subject.charAt(subject.length() - 1);
        return last != '\n' && last != '\r' && last != '\u0085' && last != '\u2028' && last != '\u2029';
    }

    /** Whether any alternative occurs in {@code subject}, as the regex's find() would say. */
    boolean found(CharSequence subject) {
        int n = subject.length();
        for (int a = 0; a < literals.length; a++) {
            String lit = literals[a];
            int len = lit.length();
            if (len > n) {
                continue;
            }
            if (atStart[a] && atEnd[a]) {
                if (len == n && at(subject, 0, lit)) {
                    return true;
                }
            } else if (atStart[a]) {
                if (at(subject, 0, lit)) {
                    return true;
                }
            } else if (atEnd[a]) {
                if (at(subject, n - len, lit)) {
                    return true;
                }
            } else {
                for (int from = 0; from <= n - len; from++) {
                    if (at(subject, from, lit)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean at(CharSequence s, int from, String lit) {
        for (int i = 0; i < lit.length(); i++) {
            char a = s.charAt(from + i);
            char b = lit.charAt(i);
            if (a != b && !(ignoreCase && asciiLetter(a) && (a | 0x20) == (b | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}

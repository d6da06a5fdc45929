package dev.vigil.logs.ossec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled rule or decoder pattern with what makes it cheap to fail: for each of its top-level alternatives,
 * the literals a match of it must contain (tested with substring searches on the lower-cased line before the
 * regex runs), and whether it is anchored at the start (then it is tried there only, not at every position as
 * find() would).
 */
record LinePattern(Pattern regex, String[][] literals, boolean anchored) {

    static LinePattern of(Pattern p) {
        return new LinePattern(p, Patterns.requiredLiterals(p), Patterns.anchored(p));
    }

    /** True when every alternative misses one of its literals in {@code lower}, so the regex cannot match. */
    private boolean ruledOut(String lower) {
        if (literals == null || lower == null) {
            return false;
        }
        for (String[] alternative : literals) {
            if (containsAll(lower, alternative)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAll(String lower, String[] literals) {
        for (String l : literals) {
            if (!lower.contains(l)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the pattern occurs in {@code subject}; {@code lower} is its lower-cased text, or null. */
    boolean found(CharSequence subject, String lower) {
        return matcher(subject, lower, 0, subject.length()) != null;
    }

    /** A matcher that has matched within [from, to), or null. */
    Matcher matcher(CharSequence subject, String lower, int from, int to) {
        if (ruledOut(lower)) {
            return null;
        }
        Matcher m = regex.matcher(subject).region(from, to);
        return (anchored ? m.lookingAt() : m.find()) ? m : null;
    }
}

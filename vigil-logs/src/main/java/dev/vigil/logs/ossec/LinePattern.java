package dev.vigil.logs.ossec;

import dev.vigil.core.text.KeywordSearch;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled rule or decoder pattern with what makes it cheap to fail: for each of its top-level alternatives,
 * the literals a match of it must contain (looked up in the line's {@link LiteralScanner} result, or tested with
 * substring searches on the lower-cased text, before the regex runs), and whether it is anchored at the start
 * (then it is tried there only, not at every position as find() would).
 */
final class LinePattern {
    /** A field value up to this long is lower-cased for the prefilter (longer ones go straight to the regex). */
    private static final int SHORT = 512;
    private final Pattern regex;
    private final String[][] literals;
    private final boolean anchored;
    /** When the pattern is only literal alternatives (os_match), tested without the regex engine; else null. */
    private final PlainAlternatives plain;
    /** The ids {@link LiteralScanner#over} gave {@link #literals}; null until the ruleset's scanner is built. */
    int[][] literalIds;

    private LinePattern(Pattern regex, String[][] literals, boolean anchored) {
        this.regex = regex;
        this.literals = literals;
        this.anchored = anchored;
        this.plain = PlainAlternatives.of(regex);
    }

    static LinePattern of(Pattern p) {
        return new LinePattern(p, Patterns.requiredLiterals(p), Patterns.anchored(p));
    }

    Pattern regex() {
        return regex;
    }

    String[][] literals() {
        return literals;
    }

    boolean anchored() {
        return anchored;
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

    /** As {@link #ruledOut(String)}, from the bit set of the literals the line contains. */
    private boolean ruledOut(long[] present) {
        for (int[] alternative : literalIds) {
            if (allPresent(present, alternative)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allPresent(long[] present, int[] ids) {
        for (int id : ids) {
            if (!KeywordSearch.has(present, id)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the pattern occurs in {@code subject}; {@code lower} is its lower-cased text, or null (a field's
     * value: short, so it is lower-cased here for the prefilter).
     */
    boolean found(CharSequence subject, String lower) {
        if (plain != null && plain.decides(subject)) {
            return plain.found(subject);
        }
        if (lower == null && literals != null && subject.length() <= SHORT) {
            lower = subject.toString().toLowerCase(Locale.ROOT);
        }
        return matcher(subject, lower, 0, subject.length()) != null;
    }

    /** Whether the pattern occurs in {@code subject}, the message of {@code e}. */
    boolean foundInMessage(CharSequence subject, LogEvent e) {
        if (literalIds != null && e.literals != null && ruledOut(e.literals)) {
            return false;
        }
        if (plain != null && plain.decides(subject)) {
            return plain.found(subject);
        }
        return messageMatcher(subject, e, 0, subject.length()) != null;
    }

    /** A matcher that has matched within [from, to) of {@code subject}, the message of {@code e}; or null. */
    Matcher messageMatcher(CharSequence subject, LogEvent e, int from, int to) {
        if (literalIds != null && e.literals != null) {
            return ruledOut(e.literals) ? null : run(subject, from, to);
        }
        return matcher(subject, e.lower, from, to);
    }

    /** A matcher that has matched within [from, to), or null; {@code lower} is the subject lower-cased, or null. */
    Matcher matcher(CharSequence subject, String lower, int from, int to) {
        return ruledOut(lower) ? null : run(subject, from, to);
    }

    private Matcher run(CharSequence subject, int from, int to) {
        Matcher m = regex.matcher(subject).region(from, to);
        return (anchored ? m.lookingAt() : m.find()) ? m : null;
    }
}

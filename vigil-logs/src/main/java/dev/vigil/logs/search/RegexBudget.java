package dev.vigil.logs.search;

import org.apache.lucene.util.automaton.RegExp;

/**
 * Refuses regular expressions whose automaton would be too large to build before anything is built:
 * {@code /[a-z]{1,1000}{1,1000}/} asks Lucene for a million-state automaton and kept a core busy for minutes,
 * long after the client had gone. The size is estimated from the parse tree, which is cheap: each bounded
 * repetition multiplies what it repeats by its upper bound.
 */
final class RegexBudget {
    /** Estimated automaton states allowed; real log searches (addresses, paths, ids) need a few hundred. */
    static final long MAX_STATES = 10_000;

    private RegexBudget() {}

    /** @throws IllegalArgumentException with a message for the user when the expression is too large or invalid */
    static void check(String regex) {
        if (regex.length() > 1_000) {
            throw new IllegalArgumentException("regular expression too long (at most 1000 characters)");
        }
        RegExp parsed;
        try {
            parsed = new RegExp(regex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getMessage());
        }
        if (size(parsed) > MAX_STATES) {
            throw new IllegalArgumentException("regular expression too complex: its repetitions multiply to more than "
                    + MAX_STATES + " states; use smaller {min,max} bounds");
        }
    }

    /** An upper estimate of the states of {@code r}'s automaton, saturating instead of overflowing. */
    static long size(RegExp r) {
        return switch (r.kind) {
            case REGEXP_UNION, REGEXP_CONCATENATION, REGEXP_INTERSECTION -> add(size(r.exp1), size(r.exp2));
            case REGEXP_OPTIONAL, REGEXP_REPEAT -> add(size(r.exp1), 1);
            case REGEXP_REPEAT_MIN -> times(size(r.exp1), Math.max(1, r.min) + 1L);
            case REGEXP_REPEAT_MINMAX -> times(size(r.exp1), Math.max(1, r.max));
            // A complement determinizes what it negates: charge it as if it were much larger.
            case REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT -> times(size(r.exp1), 100);
            case REGEXP_STRING -> r.s == null ? 1 : r.s.length();
            case REGEXP_INTERVAL -> Math.max(1, r.digits) * 10L;
            default -> 1;
        };
    }

    private static long add(long a, long b) {
        return Math.min(Long.MAX_VALUE / 4, a + b);
    }

    private static long times(long a, long b) {
        return a > (Long.MAX_VALUE / 4) / Math.max(1, b) ? Long.MAX_VALUE / 4 : a * b;
    }
}

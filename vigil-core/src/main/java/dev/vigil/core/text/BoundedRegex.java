package dev.vigil.core.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user-supplied regular expression that cannot hang the process. Java's regex engine backtracks, so a
 * pattern like {@code (a+)+$} can take exponential time on hostile input; every match here runs against
 * input that counts its reads and gives up after a time budget.
 */
public final class BoundedRegex {
    public static final int MAX_PATTERN_LENGTH = 1000;

    private final Pattern pattern;
    private final Duration budget;

    private BoundedRegex(Pattern pattern, Duration budget) {
        this.pattern = pattern;
        this.budget = budget;
    }

    /** Compiles {@code regex}; throws {@link IllegalArgumentException} with a readable message when invalid. */
    public static BoundedRegex compile(String regex, Duration budget) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("empty regular expression");
        }
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("regular expression longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        try {
            return new BoundedRegex(Pattern.compile(regex, Pattern.MULTILINE), budget);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    public String pattern() {
        return pattern.pattern();
    }

    /**
     * True if the pattern occurs in {@code input}.
     *
     * @throws TooSlow when the match exceeds the time budget
     */
    public boolean find(CharSequence input) {
        return matcher(input).find();
    }

    /** A matcher over deadline-guarded input, for callers that need groups. */
    public Matcher matcher(CharSequence input) {
        return pattern.matcher(new Guarded(input, System.nanoTime() + budget.toNanos()));
    }

    /**
     * Input on which any pattern gives up with {@link TooSlow} once {@code deadlineNanos} (a
     * {@link System#nanoTime()} value) has passed: one budget shared by all the patterns tried on one input.
     */
    public static CharSequence guarded(CharSequence input, long deadlineNanos) {
        return new Guarded(input, deadlineNanos);
    }

    /** The regex ran past its time budget on this input. */
    public static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("regular expression took too long on this input (catastrophic backtracking?)");
        }
    }

    private static final class Guarded implements CharSequence {
        private final CharSequence inner;
        private final long deadline;
        private int reads;

        Guarded(CharSequence inner, long deadline) {
            this.inner = inner;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            // nanoTime is cheap but not free; checking every 4096 reads keeps the overhead negligible.
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return inner.charAt(index);
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Guarded(inner.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}

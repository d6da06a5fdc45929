package dev.vigil.threats.watch;

/**
 * A watched term: a domain, an e-mail domain, a company or product name, an internal host name.
 *
 * @param word match only as a whole word ({@code example.com} in {@code mail.example.com} yes, in
 *     {@code notexample.com} no); the default
 * @param caseSensitive match the case as written; off by default
 */
public record Term(String text, boolean word, boolean caseSensitive) {
    public Term {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a watched term cannot be empty");
        }
        text = text.strip();
    }

    public static Term of(String text) {
        return new Term(text, true, false);
    }

    /** Where the term occurs in {@code text}, as char indexes (at most {@code limit} of them). */
    int[] in(String text, int limit) {
        int[] out = new int[Math.min(limit, 8)];
        int n = 0;
        int from = 0;
        int length = this.text.length();
        while (n < limit) {
            int at = indexOf(text, from);
            if (at < 0) {
                break;
            }
            if (!word || (boundary(text, at - 1) && boundary(text, at + length))) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, Math.min(limit, out.length * 2));
                }
                out[n++] = at;
            }
            from = at + 1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private int indexOf(String haystack, int from) {
        if (caseSensitive) {
            return haystack.indexOf(text, from);
        }
        int last = haystack.length() - text.length();
        char first = Character.toLowerCase(text.charAt(0));
        for (int i = from; i <= last; i++) {
            if (Character.toLowerCase(haystack.charAt(i)) == first && haystack.regionMatches(true, i, text, 0, text.length())) {
                return i;
            }
        }
        return -1;
    }

    /** A word ends at the text's ends and at anything but a letter, a digit, '_' or '-' ('.' and '@' are ends). */
    private static boolean boundary(String text, int at) {
        if (at < 0 || at >= text.length()) {
            return true;
        }
        char c = text.charAt(at);
        return !(Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }
}

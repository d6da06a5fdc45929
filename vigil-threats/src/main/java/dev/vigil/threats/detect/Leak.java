package dev.vigil.threats.detect;

/**
 * One secret a detector found.
 *
 * @param rule the id of the rule that found it
 * @param line the 1-based line of the text it starts on
 * @param secret the secret masked: at most its first two and last two characters show
 * @param sha256 the SHA-256 of the plaintext secret (hex), to recognise it again without keeping it
 * @param start where the secret starts in the scanned text (a char index), so an excerpt can mask it
 * @param end where it ends (exclusive)
 */
public record Leak(String rule, String description, int line, String secret, String sha256, int start, int end) {

    /** The same leak, found in a piece of a larger text that starts {@code lines} lines and {@code chars} chars in. */
    public Leak shifted(int lines, int chars) {
        return new Leak(rule, description, line + lines, secret, sha256, start + chars, end + chars);
    }
}

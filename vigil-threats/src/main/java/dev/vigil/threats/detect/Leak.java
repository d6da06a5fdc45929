package dev.vigil.threats.detect;

/**
 * One secret a detector found.
 *
 * @param rule the id of the rule that found it
 * @param line the 1-based line of the text it starts on
 * @param secret the secret masked: at most its first two and last two characters show
 * @param sha256 the SHA-256 of the plaintext secret (hex), to recognise it again without keeping it
 */
public record Leak(String rule, String description, int line, String secret, String sha256) {}

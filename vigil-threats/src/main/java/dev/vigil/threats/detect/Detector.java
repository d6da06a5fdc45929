package dev.vigil.threats.detect;

import java.util.List;

/** Finds secrets in a text. One implementation per kind of detector; each answers only masked values. */
public interface Detector {
    /** The secrets {@code text} holds, in the order they appear; never the plaintext (see {@link Leak}). */
    List<Leak> scan(String text);
}

package dev.vigil.logs.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns bytes into lines, the same way for every input: UTF-8 with invalid sequences kept as replacement
 * characters (never dropped), CR LF and LF endings, and lines over the limit cut with a marker saying how
 * much was cut, so a flood of giant lines cannot grow memory.
 */
final class LineReader {
    static final int DEFAULT_MAX = 64 * 1024;

    private final int max;
    private byte[] buf = new byte[1024];
    private int len;
    private long cut;

    LineReader(int max) {
        this.max = max;
    }

    /** Bytes buffered for a line not yet ended. */
    int pending() {
        return len;
    }

    /** Adds one byte; returns a complete line at a newline, else null. */
    String push(byte b) {
        if (b == '\n') {
            return take();
        }
        if (len >= max) {
            cut++;
            return null;
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(max, buf.length * 2));
        }
        buf[len++] = b;
        return null;
    }

    /** The buffered bytes as a line (for a last line without a newline), or null when empty. */
    String flush() {
        return len == 0 && cut == 0 ? null : take();
    }

    private String take() {
        int n = len;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        String s = decode(buf, 0, n);
        if (cut > 0) {
            s = s + " [truncated " + cut + " bytes]";
        }
        len = 0;
        cut = 0;
        return s;
    }

    static String decode(byte[] bytes, int off, int n) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer out = d.decode(ByteBuffer.wrap(bytes, off, n));
            return out.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("REPLACE never throws", e);
        }
    }
}

package dev.vigil.core.text;

/**
 * Values from outside (a user name typed at sign-in, a request path, a syslog sender's text) made safe to put
 * in Vigil's own log: control characters are escaped, so a CR LF in a user name cannot forge a log line,
 * and long values are cut.
 */
public final class LogText {
    private static final int MAX = 300;

    private LogText() {}

    public static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (b.length() >= MAX && s.length() > MAX) {
            b.append("...");
        }
        return b.toString();
    }
}

package dev.vigil.core.text;

import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in a text before it is stored or sent anywhere: values of password-like
 * keys, private keys, passwords in URLs. Used for integrity diffs and for log lines that go out in events.
 */
public final class Secrets {
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credentials?|auth)[\\w.-]*\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w+://[^:/@\\s]+:)[^@\\s]+(@)");

    private Secrets() {}

    public static String mask(String text) {
        String t = PEM.matcher(text).replaceAll("$1\n********\n$2");
        t = ASSIGNMENT.matcher(t).replaceAll("$1********");
        return URL_PASSWORD.matcher(t).replaceAll("$1********$2");
    }
}

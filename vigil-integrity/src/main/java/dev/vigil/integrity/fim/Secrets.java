package dev.vigil.integrity.fim;

import java.util.regex.Pattern;

/** Masks what looks like a secret in a text before it is stored or shown: values of password-like keys, private keys. */
final class Secrets {
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credentials?|auth)[\\w.-]*\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w+://[^:/@\\s]+:)[^@\\s]+(@)");

    private Secrets() {}

    static String mask(String text) {
        String t = PEM.matcher(text).replaceAll("$1\n********\n$2");
        t = ASSIGNMENT.matcher(t).replaceAll("$1********");
        return URL_PASSWORD.matcher(t).replaceAll("$1********$2");
    }
}

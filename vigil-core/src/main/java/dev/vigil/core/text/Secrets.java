package dev.vigil.core.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in a text before it is stored or sent anywhere: values of password-like keys
 * (plain, quoted or JSON), bearer and basic credentials, passwords in URLs, private keys, and the shapes of
 * well-known cloud and service keys. The one masking step for everything that leaves a source: check output,
 * log alert evidence, integrity diffs, process command lines and notification payloads.
 */
public final class Secrets {
    /** What a secret is replaced with. */
    public static final String MASK = "********";

    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----)");
    /** {@code Authorization: Bearer abc.def.ghi}, {@code Basic dXNlcjpwYXNz}: the scheme stays, the credential goes. */
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile(
            "(?i)\\b(bearer|basic|digest|token)(\\s+)([A-Za-z0-9._~+/=-]{6,})");
    /**
     * {@code password=x}, {@code DB_PASSWORD: x}, {@code "db_password": "x"}, {@code 'api_key' => 'x'}: a key that
     * names a secret (with any prefix or suffix), an optional closing quote, a separator, and the value (quoted
     * or up to white space). A value already masked is left alone.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?"
                    + "|auth(?:orization)?(?![a-z]))[\\w.-]*[\"']?\\s*(?:=>|[:=])\\s*)"
                    + "(?!(?:(?:bearer|basic|digest|token)\\s+)?[\"']?\\*{8})"
                    + "(?:(bearer|basic|digest|token)\\s+)?(\"[^\"]*\"|'[^']*'|[^\\s,;&}\\]]+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w+://[^:/@\\s]+:)[^@\\s]+(@)");
    /** Keys recognisable by their shape alone, wherever they appear. */
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\\b"), // AWS access key ids
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"), // GitHub tokens
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,}\\b"),
            Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}\\b"), // GitLab
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"), // Slack
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"), // Google API keys
            Pattern.compile("\\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\\b"), // Stripe
            Pattern.compile("\\bvigil_[A-Za-z0-9_-]{43}\\b"), // Vigil's own API tokens
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\b")); // JWTs

    private Secrets() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = PEM.matcher(text).replaceAll("$1\n" + MASK + "\n$2");
        t = SCHEME_CREDENTIAL.matcher(t).replaceAll("$1$2" + MASK);
        t = ASSIGNMENT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + (m.group(2) == null ? "" : m.group(2) + " ") + quoted(m.group(3))));
        t = URL_PASSWORD.matcher(t).replaceAll("$1" + MASK + "$2");
        for (Pattern p : SHAPES) {
            t = p.matcher(t).replaceAll(MASK);
        }
        return t;
    }

    /** The mask, in the same quotes the value had (so masked JSON stays JSON). */
    private static String quoted(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + MASK + first : MASK;
    }
}

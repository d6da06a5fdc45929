package dev.vigil.core.text;

import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
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

    /** Per shape, literals one of which any match contains (case as written: the shapes are case-sensitive). */
    private static final List<List<String>> SHAPE_LITERALS = List.of(
            List.of("AKIA", "ASIA", "AGPA", "AIDA", "AROA"), List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            List.of("github_pat_"), List.of("glpat-"), List.of("xox"), List.of("AIza"), List.of("_live_"), List.of("vigil_"),
            List.of("eyJ"));
    private static final List<String> SCHEMES = List.of("bearer", "basic", "digest", "token");
    private static final List<String> KEY_STEMS = List.of("pass", "pwd", "secret", "token", "api", "access", "private",
            "credential", "auth");

    private Secrets() {}

    /**
     * The text with its secrets masked. Each pattern runs only when the text holds a literal every match of it
     * contains: events carry log lines, and running every pattern at every position of every line was most of
     * what the log pipeline spent per alert.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = text;
        if (t.contains("PRIVATE KEY-----")) {
            t = PEM.matcher(t).replaceAll("$1\n" + MASK + "\n$2");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (containsAny(lower, SCHEMES)) {
            String before = t;
            t = SCHEME_CREDENTIAL.matcher(t).replaceAll("$1$2" + MASK);
            if (!t.equals(before)) {
                lower = t.toLowerCase(Locale.ROOT); // positions moved: the assignments are found in this text
            }
        }
        if (containsAny(lower, KEY_STEMS) && (t.indexOf('=') >= 0 || t.indexOf(':') >= 0)) {
            t = maskAssignments(t, lower);
        }
        if (t.contains("://")) {
            t = URL_PASSWORD.matcher(t).replaceAll("$1" + MASK + "$2");
        }
        for (int i = 0; i < SHAPES.size(); i++) {
            if (containsAny(t, SHAPE_LITERALS.get(i))) {
                t = SHAPES.get(i).matcher(t).replaceAll(MASK);
            }
        }
        return t;
    }

    /**
     * ASSIGNMENT's replaceAll, tried only where a key stem starts (every match starts with one): the pattern
     * opens with an alternation the regex engine would otherwise try at every position of the text.
     */
    private static String maskAssignments(String t, String lower) {
        if (lower.length() != t.length()) { // lower-casing moved characters: positions cannot be shared
            return ASSIGNMENT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(assignment(m)));
        }
        Matcher m = ASSIGNMENT.matcher(t);
        StringBuilder out = new StringBuilder(t.length());
        int copied = 0;
        int from = 0;
        for (int at = nextStem(lower, from); at >= 0; at = nextStem(lower, from)) {
            m.region(at, t.length());
            if (m.lookingAt()) {
                out.append(t, copied, at).append(assignment(m));
                copied = m.end();
                from = m.end();
            } else {
                from = at + 1;
            }
        }
        return copied == 0 ? t : out.append(t, copied, t.length()).toString();
    }

    private static String assignment(MatchResult m) {
        return m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + quoted(m.group(3));
    }

    private static int nextStem(String lower, int from) {
        int first = -1;
        for (String stem : KEY_STEMS) {
            int i = lower.indexOf(stem, from);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    /** Every pattern over the whole text, no shortcut: what {@link #mask} must equal (its tests compare them). */
    static String maskEverywhere(String text) {
        String t = PEM.matcher(text).replaceAll("$1\n" + MASK + "\n$2");
        t = SCHEME_CREDENTIAL.matcher(t).replaceAll("$1$2" + MASK);
        t = ASSIGNMENT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(assignment(m)));
        t = URL_PASSWORD.matcher(t).replaceAll("$1" + MASK + "$2");
        for (Pattern p : SHAPES) {
            t = p.matcher(t).replaceAll(MASK);
        }
        return t;
    }

    private static boolean containsAny(String text, List<String> literals) {
        for (String l : literals) {
            if (text.contains(l)) {
                return true;
            }
        }
        return false;
    }

    /** The mask, in the same quotes the value had (so masked JSON stays JSON). */
    private static String quoted(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + MASK + first : MASK;
    }
}

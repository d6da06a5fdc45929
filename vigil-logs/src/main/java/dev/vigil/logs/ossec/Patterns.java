package dev.vigil.logs.ossec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * OSSEC's three pattern dialects as Java regular expressions, all case-insensitive as OSSEC compiles them:
 * PCRE2 ({@code <pcre2>}, {@code *_pcre2}) nearly as written, and the old {@code <match>} (os_match: literal
 * alternatives with {@code ^}/{@code $}) and {@code <regex>} (os_regex, with its own escapes) translated.
 */
final class Patterns {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE;
    /** A quantifier in braces as PCRE2 reads one: {n}, {n,}, {n,m}. */
    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(?:,\\d*)?\\}");

    private Patterns() {}

    /** Thrown with a message that says what is wrong; the loader adds file and line. */
    static final class BadPattern extends RuntimeException {
        BadPattern(String message) {
            super(message);
        }
    }

    static Pattern pcre2(String pcre) {
        return compile(fromPcre2(pcre), pcre);
    }

    /** PCRE2 as Wazuh compiles it: case-sensitive (its rules say {@code (?i)} where they mean otherwise). */
    static Pattern pcre2CaseSensitive(String pcre) {
        try {
            return Pattern.compile(fromPcre2(pcre));
        } catch (PatternSyntaxException e) {
            throw new BadPattern("invalid pattern '" + pcre + "': " + e.getDescription());
        }
    }

    /** os_match: {@code a|^b|c$}, each alternative a literal, anchored by ^ or $; case-insensitive. */
    static Pattern osMatch(String match) {
        boolean negate = match.startsWith("!");
        String body = negate ? match.substring(1) : match;
        StringBuilder re = new StringBuilder();
        for (String alt : body.split("\\|", -1)) {
            if (!re.isEmpty()) {
                re.append('|');
            }
            boolean start = alt.startsWith("^");
            boolean end = alt.endsWith("$") && alt.length() > (start ? 1 : 0);
            String lit = alt.substring(start ? 1 : 0, alt.length() - (end ? 1 : 0));
            re.append(start ? "^" : "").append(Pattern.quote(lit)).append(end ? "$" : "");
        }
        String java = negate ? "^(?!.*(?:" + re + "))" : re.toString();
        return compile(java, match);
    }

    /** os_regex: escapes \w \d \s \p \. and friends, + and * after them, () groups, | and ^ $. */
    static Pattern osRegex(String regex) {
        StringBuilder re = new StringBuilder();
        // Literal characters are gathered into one quoted run, so the prefilter can read them as a string.
        StringBuilder literal = new StringBuilder();
        boolean afterClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(++i);
                afterClass = "wWdDsSp.".indexOf(e) >= 0;
                String escape = switch (e) {
                    case 'w' -> "[A-Za-z0-9@_\\-]";
                    case 'W' -> "[^A-Za-z0-9@_\\-]";
                    case 'd' -> "[0-9]";
                    case 'D' -> "[^0-9]";
                    case 's' -> " ";
                    case 'S' -> "[^ ]";
                    case 't' -> "\\t";
                    case 'p' -> "[()*+,\\-.:;<=>?\\[\\]!\"'#$%&|{}]";
                    case '.' -> "."; // compiled with DOTALL: any character
                    default -> null;
                };
                if (escape == null) {
                    literal.append(e);
                } else {
                    flush(re, literal).append(escape);
                }
            } else if ("+*".indexOf(c) >= 0 && afterClass) {
                // os_regex: + and * repeat a backslash class only; anywhere else they are the character itself.
                // Its matcher moves on to the next pattern element as soon as that one fits (non-greedy), and
                // keeps taking characters when nothing follows (greedy): e.g. "(\\S+) from" stops at the first
                // " from", while a trailing "(\\d+)" takes every digit.
                re.append(c).append(followedByMore(regex, i + 1) ? "?" : "");
                afterClass = false;
            } else if ("()|^$".indexOf(c) >= 0) {
                flush(re, literal).append(c);
                afterClass = false;
            } else {
                literal.append(c);
                afterClass = false;
            }
        }
        flush(re, literal);
        try {
            return Pattern.compile(re.toString(), FLAGS | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new BadPattern("invalid pattern '" + regex + "': " + e.getDescription());
        }
    }

    /** Whether the os_regex alternative goes on after {@code from} (past closing parentheses). */
    private static boolean followedByMore(String regex, int from) {
        int i = from;
        while (i < regex.length() && regex.charAt(i) == ')') {
            i++;
        }
        return i < regex.length() && regex.charAt(i) != '|' && !(regex.charAt(i) == '$' && (i + 1 == regex.length() || regex.charAt(i + 1) == '|'));
    }

    private static StringBuilder flush(StringBuilder re, StringBuilder literal) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
        return re;
    }

    /**
     * Per top-level alternative of {@code p}, the literals every match of that alternative contains (lower-cased),
     * or null when that cannot be read off safely.
     * Most rules fail on most lines, and substring tests reject a line far faster than the regex engine (which
     * tries an unanchored alternation at every position), so the analyzer tries these first. Conservative: an
     * alternative without a literal, an inline flag or a construct not understood gives null; a literal
     * character made optional by a quantifier is dropped; runs of spaces alone are not kept (they rule out nothing).
     */
    static String[][] requiredLiterals(Pattern p) {
        String re = p.pattern();
        if (re.contains("(?")) {
            return null;
        }
        List<String> alternatives = topLevelAlternatives(re);
        if (alternatives == null) {
            return null;
        }
        String[][] out = new String[alternatives.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = requiredLiterals(alternatives.get(i));
            if (out[i] == null || out[i].length == 0) {
                return null; // one alternative without a literal can match anything
            }
        }
        return out;
    }

    /** True when every top-level alternative starts with ^: the match can only start where the input does. */
    static boolean anchored(Pattern p) {
        if ((p.flags() & Pattern.MULTILINE) != 0) {
            return false;
        }
        List<String> alternatives = topLevelAlternatives(p.pattern());
        if (alternatives == null) {
            return false;
        }
        for (String a : alternatives) {
            if (!a.startsWith("^")) {
                return false;
            }
        }
        return true;
    }

    /** The pattern split at its top-level |, or null when it cannot be read (unbalanced). */
    private static List<String> topLevelAlternatives(String re) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 < re.length() && re.charAt(i + 1) == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    i = end < 0 ? re.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                int end = classEnd(re, i);
                if (end < 0) {
                    return null;
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(re.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            return null;
        }
        out.add(re.substring(start));
        return out;
    }

    /** The literal runs of one alternative (no top-level |), lower-cased; null when it cannot be read. */
    private static String[] requiredLiterals(String re) {
        List<String> best = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char n = re.charAt(i + 1);
                if (n == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
                    i = end < 0 ? re.length() : end + 1;
                    if (depth == 0) {
                        run.append(lit);
                        // A quantifier right after \E would apply to its last character.
                        if (i + 1 < re.length() && "?*{".indexOf(re.charAt(i + 1)) >= 0 && !run.isEmpty()) {
                            run.setLength(run.length() - 1);
                            keep(best, run);
                            run.setLength(0);
                        }
                    }
                    continue;
                }
                if ("xupPck0123456789".indexOf(n) >= 0) {
                    return null; // escapes with arguments: not worth reading for a prefilter
                }
                i++;
                if (depth == 0 && !Character.isLetterOrDigit(n)) {
                    run.append(n);
                    if (quantified(re, i)) {
                        run.setLength(run.length() - 1);
                        keep(best, run);
                        run.setLength(0);
                    }
                } else {
                    keep(best, run);
                    run.setLength(0);
                }
                continue;
            }
            switch (c) {
                case '(' -> {
                    depth++;
                    keep(best, run);
                    run.setLength(0);
                }
                case ')' -> depth--;
                case '[' -> {
                    keep(best, run);
                    run.setLength(0);
                    int end = classEnd(re, i);
                    if (end < 0) {
                        return null;
                    }
                    i = end;
                }
                case '.', '^', '$', '+', '*', '?', '{', '}' -> {
                    if ((c == '?' || c == '*' || c == '{') && !run.isEmpty()) {
                        run.setLength(run.length() - 1);
                    }
                    keep(best, run);
                    run.setLength(0);
                    if (c == '{') {
                        int end = re.indexOf('}', i);
                        i = end < 0 ? i : end;
                    }
                }
                default -> {
                    if (depth == 0) {
                        run.append(c);
                        if (quantified(re, i)) {
                            run.setLength(run.length() - 1);
                            keep(best, run);
                            run.setLength(0);
                        }
                    }
                }
            }
        }
        keep(best, run);
        return best.toArray(String[]::new);
    }

    private static boolean quantified(String re, int i) {
        return i + 1 < re.length() && "?*{".indexOf(re.charAt(i + 1)) >= 0;
    }

    private static int classEnd(String re, int open) {
        int i = open + 1;
        if (i < re.length() && re.charAt(i) == '^') {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            i++;
        }
        int nested = 0;
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                nested++;
            } else if (c == ']') {
                if (nested == 0) {
                    return i;
                }
                nested--;
            }
        }
        return -1;
    }

    private static void keep(List<String> literals, CharSequence run) {
        if (!run.toString().isBlank()) {
            literals.add(run.toString().toLowerCase(Locale.ROOT));
        }
    }

    private static Pattern compile(String java, String original) {
        try {
            return Pattern.compile(java, FLAGS);
        } catch (PatternSyntaxException e) {
            throw new BadPattern("invalid pattern '" + original + "': " + e.getDescription());
        }
    }

    /**
     * PCRE2 into Java syntax. They agree on almost everything these rulesets use; the differences are inside
     * character classes, where PCRE takes {@code [} and {@code &&} literally and knows POSIX names
     * ({@code [[:alpha:]]}), while Java would read a nested class or an intersection.
     */
    static String fromPcre2(String p) {
        // Start-of-pattern verbs ((*UTF), (*UCP)) only say how to read the subject: Java always reads Unicode.
        while (p.startsWith("(*UTF") || p.startsWith("(*UCP")) {
            int close = p.indexOf(')');
            p = close < 0 ? p : p.substring(close + 1);
        }
        // \N{U+202E} names a code point in PCRE2; Java writes it \x{202E}.
        p = p.replaceAll("\\\\N\\{U\\+([0-9A-Fa-f]{1,6})\\}", "\\\\x{$1}");
        StringBuilder out = new StringBuilder(p.length() + 8);
        boolean inClass = false;
        int classStart = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (n == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    String lit = end < 0 ? p.substring(i + 2) : p.substring(i + 2, end);
                    out.append(Pattern.quote(lit));
                    i = end < 0 ? p.length() : end + 1;
                    continue;
                }
                out.append(c).append(n);
                i++;
                // \x{..}, \p{..}, \o{..} and friends: the braces belong to the escape.
                if ("xpPogk".indexOf(n) >= 0 && i + 1 < p.length() && p.charAt(i + 1) == '{') {
                    int close = p.indexOf('}', i + 1);
                    if (close > 0) {
                        out.append(p, i + 1, close + 1);
                        i = close;
                    }
                }
                continue;
            }
            if (!inClass) {
                if (c == '[') {
                    inClass = true;
                    classStart = out.length();
                    out.append(c);
                    // A ']' (after an optional '^') first in a class is a literal in both, but Java needs it escaped.
                    if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                        out.append("\\]");
                        i++;
                    }
                } else if (c == '{' && !QUANTIFIER.matcher(p).region(i, p.length()).lookingAt()) {
                    out.append("\\{"); // PCRE2 reads a { that starts no quantifier as itself; Java refuses it
                } else {
                    out.append(c);
                }
                continue;
            }
            // Inside a class.
            if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int end = p.indexOf(":]", i + 2);
                if (end < 0) {
                    throw new BadPattern("unclosed POSIX class in '" + p + "'");
                }
                out.append(posix(p.substring(i + 2, end), p));
                i = end + 1;
            } else if (c == '[' || c == '&') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        if (inClass) {
            throw new BadPattern("missing ] in '" + p + "' (class opened at " + classStart + ")");
        }
        return out.toString();
    }

    private static String posix(String name, String p) {
        boolean negate = name.startsWith("^");
        String n = negate ? name.substring(1) : name;
        String cls = switch (n) {
            case "alpha" -> "Alpha";
            case "digit" -> "Digit";
            case "alnum" -> "Alnum";
            case "upper" -> "Upper";
            case "lower" -> "Lower";
            case "space" -> "Space";
            case "punct" -> "Punct";
            case "print" -> "Print";
            case "graph" -> "Graph";
            case "cntrl" -> "Cntrl";
            case "xdigit" -> "XDigit";
            case "blank" -> "Blank";
            case "word" -> null;
            default -> throw new BadPattern("unknown POSIX class [:" + name + ":] in '" + p + "'");
        };
        if (cls == null) {
            return negate ? "\\W" : "\\w";
        }
        return (negate ? "\\P{" : "\\p{") + cls + "}";
    }
}

package dev.vigil.threats.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.vigil.core.text.BoundedRegex;
import dev.vigil.core.text.KeywordSearch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Secret detectors written in gitleaks' TOML format ({@code [[rules]]} with {@code id}, {@code description},
 * {@code regex}, {@code secretGroup}, {@code entropy}, {@code keywords}, per-rule and global allowlists with
 * {@code regexes} and {@code stopwords}), so a gitleaks configuration works as it is. One keyword pass over the
 * text decides which rules' regexes run, as gitleaks does; every regex shares the text's time budget.
 */
public final class GitleaksRules implements Detector {
    /** How long all the regexes together may take on one text before the rest are given up on. */
    private static final Duration BUDGET = Duration.ofSeconds(2);
    private static final String DEFAULT = "vigil-secrets.toml";

    private final List<Rule> rules;
    private final Allowlist global;
    private final KeywordSearch keywords;
    /** Per keyword (its id in {@link #keywords}), the rules it wakes. */
    private final int[][] rulesOf;
    /** Per rule: whether its regex can span lines (then it runs over the whole text when woken). */
    private final boolean[] spansLines;
    /** How far around a keyword, at most, a one-line rule's regex looks (a secret is shorter than this). */
    private static final int REACH = 4096;

    /** One rule: what it looks for, which group is the secret, and what it lets through. */
    record Rule(String id, String description, Pattern regex, int secretGroup, double entropy, List<String> keywords,
                Allowlist allowlist, boolean luhn) {}

    /** Secrets that are not worth a finding: ones matching a regex, or holding a stop word. */
    record Allowlist(List<Pattern> regexes, List<String> stopwords) {
        static final Allowlist NONE = new Allowlist(List.of(), List.of());

        boolean allows(String secret) {
            for (Pattern p : regexes) {
                if (p.matcher(secret).find()) {
                    return true;
                }
            }
            String lower = secret.toLowerCase(Locale.ROOT);
            for (String w : stopwords) {
                if (lower.contains(w)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Thrown with every problem found in a rules file, each saying which rule and why. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    private GitleaksRules(List<Rule> rules, Allowlist global) {
        this.rules = List.copyOf(rules);
        this.global = global;
        Map<String, Integer> ids = new TreeMap<>();
        List<String> all = new ArrayList<>();
        List<List<Integer>> wakes = new ArrayList<>();
        this.spansLines = new boolean[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            String re = rules.get(r).regex().pattern();
            spansLines[r] = re.contains("[\\s\\S]") || re.contains("\\n") || re.contains("\\r") || re.contains("(?s");
            for (String k : rules.get(r).keywords()) {
                int id = ids.computeIfAbsent(k, key -> {
                    all.add(key);
                    wakes.add(new ArrayList<>());
                    return all.size() - 1;
                });
                wakes.get(id).add(r);
            }
        }
        this.rulesOf = wakes.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.keywords = new KeywordSearch(all);
    }

    /** Vigil's own default rules. */
    public static GitleaksRules builtIn() {
        try (InputStream in = GitleaksRules.class.getResourceAsStream(DEFAULT)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Invalid e) {
            throw new IllegalStateException("the built-in secret rules do not load: " + e.getMessage(), e);
        }
    }

    /** Rules from a gitleaks-format TOML text. */
    public static GitleaksRules parse(String toml) throws Invalid {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid("not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid("not valid TOML: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Allowlist global = allowlist(root.path("allowlist"), "the global allowlist", problems);
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String id = r.path("id").asText("rule " + (i + 1));
            String where = "rule '" + id + "'";
            String regex = r.path("regex").asText(null);
            if (regex == null || regex.isEmpty()) {
                // gitleaks also has path-only rules; Vigil scans text, so a rule needs a regex.
                problems.add(where + ": needs a regex");
                continue;
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add(where + ": invalid regex: " + e.getDescription());
                continue;
            }
            int group = r.path("secretGroup").asInt(0);
            if (group < 0 || group > pattern.matcher("").groupCount()) {
                problems.add(where + ": secretGroup " + group + " is not a group of its regex");
                continue;
            }
            List<String> keywords = new ArrayList<>();
            r.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
            List<Allowlist> lists = new ArrayList<>();
            lists.add(allowlist(r.path("allowlist"), where, problems));
            r.path("allowlists").forEach(a -> lists.add(allowlist(a, where, problems)));
            List<Pattern> allowRegexes = new ArrayList<>();
            List<String> stopwords = new ArrayList<>();
            lists.forEach(a -> {
                allowRegexes.addAll(a.regexes());
                stopwords.addAll(a.stopwords());
            });
            String validate = r.path("validate").asText("");
            if (!validate.isEmpty() && !validate.equals("luhn")) {
                problems.add(where + ": validate '" + validate + "' is not known (luhn is)");
                continue;
            }
            rules.add(new Rule(id, r.path("description").asText(id), pattern, group, r.path("entropy").asDouble(0),
                    List.copyOf(keywords), new Allowlist(List.copyOf(allowRegexes), List.copyOf(stopwords)),
                    validate.equals("luhn")));
        }
        if (!problems.isEmpty()) {
            throw new Invalid(String.join("; ", problems));
        }
        if (rules.isEmpty()) {
            throw new Invalid("no [[rules]] in the file");
        }
        return new GitleaksRules(rules, global);
    }

    private static Allowlist allowlist(JsonNode node, String where, List<String> problems) {
        if (node.isMissingNode()) {
            return Allowlist.NONE;
        }
        List<Pattern> regexes = new ArrayList<>();
        for (JsonNode r : node.path("regexes")) {
            try {
                regexes.add(Pattern.compile(r.asText()));
            } catch (PatternSyntaxException e) {
                problems.add(where + ": invalid allowlist regex: " + e.getDescription());
            }
        }
        List<String> stopwords = new ArrayList<>();
        node.path("stopwords").forEach(w -> stopwords.add(w.asText().toLowerCase(Locale.ROOT)));
        return new Allowlist(List.copyOf(regexes), List.copyOf(stopwords));
    }

    /** How many rules it has. */
    public int size() {
        return rules.size();
    }

    /**
     * One keyword pass finds where each rule is worth trying: a rule whose regex stays on one line runs only on
     * the lines around its keywords (at most {@link #REACH} characters either side), one that can span lines on
     * the whole text, and one without keywords always on the whole text. That keeps the cost near the keyword
     * pass on text without secrets, whatever the number of rules.
     */
    @Override
    public List<Leak> scan(String text) {
        List<Leak> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        int n = rules.size();
        boolean[] whole = new boolean[n];
        int[][] windows = new int[n][];
        int[] count = new int[n];
        for (int r = 0; r < n; r++) {
            whole[r] = rules.get(r).keywords().isEmpty();
        }
        keywords.occurrences(text, (k, end) -> {
            int start = end - keywords.length(k);
            for (int r : rulesOf[k]) {
                if (whole[r]) {
                    continue;
                }
                if (spansLines[r]) {
                    whole[r] = true;
                    continue;
                }
                int[] w = windows[r];
                int c = count[r];
                if (c > 0 && start < w[2 * c - 1]) {
                    continue; // this line is already in the last window
                }
                int from = lineStart(text, start);
                int to = lineEnd(text, end);
                if (w == null) {
                    w = windows[r] = new int[16];
                } else if (2 * c + 2 > w.length) {
                    w = windows[r] = Arrays.copyOf(w, w.length * 2);
                }
                if (c > 0 && from <= w[2 * c - 1]) {
                    w[2 * c - 1] = to; // touches the last window: extend it
                } else {
                    w[2 * c] = from;
                    w[2 * c + 1] = to;
                    count[r] = c + 1;
                }
            }
        });
        int[] digitRuns = null;
        for (int r = 0; r < n; r++) {
            if (rules.get(r).luhn() && rules.get(r).keywords().isEmpty()) {
                // A card number is 13 to 19 digits: only where that many stand together is the regex worth it.
                digitRuns = digitRuns != null ? digitRuns : digitRuns(text);
                whole[r] = false;
                windows[r] = digitRuns;
                count[r] = digitRuns.length / 2;
            }
        }
        CharSequence guarded = BoundedRegex.guarded(text, System.nanoTime() + BUDGET.toNanos());
        Lines lines = new Lines(text);
        try {
            for (int r = 0; r < n; r++) {
                Rule rule = rules.get(r);
                if (whole[r]) {
                    find(rule, rule.regex().matcher(guarded), 0, text.length(), lines, out);
                } else {
                    for (int i = 0; i < count[r]; i++) {
                        find(rule, rule.regex().matcher(guarded), windows[r][2 * i], windows[r][2 * i + 1], lines, out);
                    }
                }
            }
        } catch (BoundedRegex.TooSlow slow) {
            // What was found stands; the rules not yet run are given up on for this text.
        }
        out.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return out;
    }

    /** The rule's matches within [from, to), seen with the text around it (lookarounds, \\b and ^ as in the whole). */
    private void find(Rule rule, Matcher m, int from, int to, Lines lines, List<Leak> out) {
        m.useTransparentBounds(true).useAnchoringBounds(false).region(from, to);
        while (m.find()) {
            int g = secretGroup(rule, m);
            String secret = m.group(g);
            if (secret == null || secret.isEmpty() || rejected(rule, secret)) {
                continue;
            }
            out.add(new Leak(rule.id(), rule.description(), lines.of(m.start(g)), Masked.of(secret), Masked.sha256(secret),
                    m.start(g), m.end(g)));
        }
    }

    /** [start, end) pairs of the runs of 13 or more digits (single spaces or dashes between them allowed). */
    static int[] digitRuns(String text) {
        int[] out = new int[16];
        int c = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int end = i;
            while (i < length) {
                ch = text.charAt(i);
                if (ch >= '0' && ch <= '9') {
                    digits++;
                    i++;
                    end = i;
                } else if ((ch == ' ' || ch == '-') && i + 1 < length && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9') {
                    i++;
                } else {
                    break;
                }
            }
            if (digits >= 13) {
                if (2 * c + 2 > out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[2 * c] = start;
                out[2 * c + 1] = end;
                c++;
            }
        }
        return Arrays.copyOf(out, 2 * c);
    }

    private static int lineStart(String text, int at) {
        int limit = Math.max(0, at - REACH);
        int i = at;
        while (i > limit && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    private static int lineEnd(String text, int at) {
        int limit = Math.min(text.length(), at + REACH);
        int i = at;
        while (i < limit && text.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    /** The rule's secretGroup; when it names none, the first group that took part, else the whole match. */
    private static int secretGroup(Rule rule, Matcher m) {
        if (rule.secretGroup() > 0) {
            return rule.secretGroup();
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }

    private boolean rejected(Rule rule, String secret) {
        return (rule.entropy() > 0 && entropy(secret) < rule.entropy())
                || (rule.luhn() && !luhn(secret))
                || rule.allowlist().allows(secret)
                || global.allows(secret);
    }

    /** Shannon entropy in bits per character: how random the secret looks ("aaaa" 0, "Sup3rS3cret" about 3). */
    static double entropy(String s) {
        Map<Integer, Integer> counts = new TreeMap<>();
        s.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double n = s.codePointCount(0, s.length());
        double bits = 0;
        for (int c : counts.values()) {
            double p = c / n;
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    /** The Luhn check payment card numbers pass (spaces and dashes ignored). */
    static boolean luhn(String number) {
        int sum = 0;
        boolean twice = false;
        int digits = 0;
        for (int i = number.length() - 1; i >= 0; i--) {
            char c = number.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
            twice = !twice;
            digits++;
        }
        return digits >= 13 && sum % 10 == 0;
    }

    /** Line numbers by offset, from the line starts found once. */
    private static final class Lines {
        private final int[] starts;

        Lines(String text) {
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                s.add(i + 1);
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int of(int offset) {
            int i = Arrays.binarySearch(starts, offset);
            return (i >= 0 ? i : -i - 2) + 1;
        }
    }
}

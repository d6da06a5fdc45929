package dev.vigil.threats.watch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Domains that look like a watched one (phishing): the same name under another top-level domain, one
 * character away (left out, doubled, swapped, replaced), with a hyphen or a word added, or written with
 * characters that look alike ({@code examp1e}, {@code rn} for {@code m}). {@link #candidates} lists them to
 * look up; {@link #resembles} judges a name seen anywhere.
 */
public final class LookAlikes {
    /** Characters (and pairs) that read as another at a glance, each with what it imitates. */
    private static final Map<String, String> GLYPHS = Map.ofEntries(Map.entry("0", "o"), Map.entry("1", "l"), Map.entry("3", "e"),
            Map.entry("4", "a"), Map.entry("5", "s"), Map.entry("7", "t"), Map.entry("rn", "m"), Map.entry("vv", "w"), Map.entry("cl", "d"),
            Map.entry("i", "l"));
    private static final List<String> TLDS = List.of("com", "net", "org", "io", "co", "app", "info", "biz", "online", "site");
    private static final List<String> AFFIXES = List.of("login", "secure", "account", "support", "mail", "auth", "sso", "verify");

    private LookAlikes() {}

    /** A bounded list of look-alike domains of {@code domain} ({@code example.com}), most likely first. */
    public static List<String> candidates(String domain) {
        String[] parts = split(domain);
        String label = parts[0];
        String tld = parts[1];
        Set<String> out = new LinkedHashSet<>();
        for (String t : TLDS) {
            out.add(label + "." + t);
        }
        for (var g : GLYPHS.entrySet()) {
            for (int i = label.indexOf(g.getValue()); i >= 0; i = label.indexOf(g.getValue(), i + 1)) {
                out.add(label.substring(0, i) + g.getKey() + label.substring(i + g.getValue().length()) + "." + tld);
            }
        }
        for (int i = 0; i < label.length(); i++) {
            out.add(label.substring(0, i) + label.substring(i + 1) + "." + tld); // left out
            out.add(label.substring(0, i + 1) + label.charAt(i) + label.substring(i + 1) + "." + tld); // doubled
            if (i + 1 < label.length()) {
                out.add(label.substring(0, i) + label.charAt(i + 1) + label.charAt(i) + label.substring(i + 2) + "." + tld); // swapped
                out.add(label.substring(0, i + 1) + "-" + label.substring(i + 1) + "." + tld); // hyphenated
            }
        }
        for (String a : AFFIXES) {
            out.add(label + "-" + a + "." + tld);
            out.add(a + "-" + label + "." + tld);
        }
        out.remove(domain.toLowerCase(Locale.ROOT));
        out.removeIf(d -> d.startsWith(".") || d.startsWith("-") || d.contains("-."));
        return new ArrayList<>(out);
    }

    /** Whether {@code name} (a host name from a certificate) imitates {@code domain} without being under it. */
    public static boolean resembles(String name, String domain) {
        name = name.toLowerCase(Locale.ROOT).replaceFirst("^\\*\\.", "");
        domain = domain.toLowerCase(Locale.ROOT);
        if (name.equals(domain) || name.endsWith("." + domain)) {
            return false;
        }
        String[] ours = split(domain);
        String[] theirs = split(registrable(name));
        String w = ours[0];
        String l = theirs[0];
        if (l.equals(w)) {
            return true; // the same name under another top-level domain
        }
        if (plain(l).equals(plain(w))) {
            return true;
        }
        for (String a : AFFIXES) {
            if (l.equals(w + "-" + a) || l.equals(a + "-" + w) || l.equals(w + a) || l.equals(a + w)) {
                return true;
            }
        }
        return w.length() >= 5 && distance(l, w) <= (w.length() >= 9 ? 2 : 1);
    }

    /** The label with every look-alike character read as what it imitates. */
    static String plain(String label) {
        String s = label.replace("-", "");
        for (var g : GLYPHS.entrySet()) {
            s = s.replace(g.getKey(), g.getValue());
        }
        return s;
    }

    /** The last two labels ({@code login.examp1e.com} → {@code examp1e.com}): where a look-alike is registered. */
    private static String registrable(String name) {
        String[] labels = name.split("\\.");
        return labels.length <= 2 ? name : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /** {label, rest}: {@code example.co.uk} → {example, co.uk}. */
    private static String[] split(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        int dot = d.indexOf('.');
        return dot < 0 ? new String[] {d, ""} : new String[] {d.substring(0, dot), d.substring(dot + 1)};
    }

    /** Damerau–Levenshtein distance (optimal string alignment): a swap of neighbours is one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

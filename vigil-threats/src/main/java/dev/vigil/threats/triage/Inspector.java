package dev.vigil.threats.triage;

import dev.vigil.threats.detect.Detector;
import dev.vigil.threats.detect.Leak;
import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.watch.WatchList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Judges one document: runs the detectors, looks for the watched terms and the organisation's own secrets,
 * drops allow-listed secrets, and decides whether it is a finding and how bad.
 *
 * <ul>
 *   <li>one of the organisation's own secrets, anywhere: critical;</li>
 *   <li>a secret on one of its own sites (an error page, an exposed file): critical;</li>
 *   <li>outside, a watched term with a secret: high; a watched term alone: medium; a secret that mentions
 *       nothing of ours: not a finding (the internet is full of other people's keys);</li>
 *   <li>what a source flags itself (an exposed {@code .git/config}, a look-alike certificate): at least its level.</li>
 * </ul>
 */
public final class Inspector {
    static final String OWN_RULE = "own-secret";
    private static final int MIN_TOKEN = 8;
    private static final int MAX_TOKEN = 256;

    private final Detector detector;
    private final WatchList watch;
    private final Supplier<Set<String>> allowed;

    /** @param allowed the allow-listed secret hashes, read for every document (the triage page adds to it) */
    public Inspector(Detector detector, WatchList watch, Supplier<Set<String>> allowed) {
        this.detector = detector;
        this.watch = watch;
        this.allowed = allowed;
    }

    public WatchList watch() {
        return watch;
    }

    /** The finding this document is (not yet stored: id 0), or empty when it is none of our business. */
    public Optional<Finding> inspect(Document doc, Instant now) {
        String text = doc.text();
        Set<String> allow = allowed.get();
        List<Leak> leaks = new ArrayList<>();
        boolean ownSecret = false;
        for (Leak l : detector.scan(text)) {
            if (!allow.contains(l.sha256())) {
                leaks.add(l);
                ownSecret |= watch.own(l.sha256());
            }
        }
        if (watch.hasOwnSecrets()) {
            for (Leak l : ownTokens(text, leaks)) {
                if (!allow.contains(l.sha256())) {
                    leaks.add(l);
                    ownSecret = true;
                }
            }
            leaks.sort((a, b) -> Integer.compare(a.start(), b.start()));
        }
        List<WatchList.Hit> hits = watch.hits(text);
        Set<String> terms = new LinkedHashSet<>();
        hits.forEach(h -> terms.add(h.term().text()));

        Level level;
        if (ownSecret || (doc.own() && !leaks.isEmpty())) {
            level = Level.CRITICAL;
        } else if (!doc.own() && !terms.isEmpty()) {
            level = leaks.isEmpty() ? Level.MEDIUM : Level.HIGH;
        } else {
            level = null;
        }
        if (doc.floor() != null && (level == null || doc.floor().compareTo(level) > 0)) {
            level = doc.floor();
        }
        if (level == null) {
            return Optional.empty();
        }
        List<String> secrets = leaks.stream().map(Leak::sha256).distinct().toList();
        String content = Masked.sha256(text);
        String key = doc.identity() != null ? doc.identity()
                : doc.own() ? doc.source() + ":" + doc.url() + ":" + Masked.sha256(String.join(",", new TreeSet<>(secrets)))
                : doc.source() + ":" + content;
        List<Integer> marks = hits.stream().map(WatchList.Hit::at).toList();
        // What a source flagged by itself (an exposed file) shows its first lines when nothing else marks a line.
        String excerpt = Excerpt.of(text, leaks, leaks.isEmpty() && marks.isEmpty() && doc.floor() != null ? List.of(0) : marks);
        List<String> rules = leaks.stream().map(Leak::rule).distinct().toList();
        return Optional.of(new Finding(0, key, doc.source(), doc.sourceName(), doc.url(), title(doc, leaks, terms, ownSecret),
                doc.host(), doc.service(), List.copyOf(terms), rules, secrets, excerpt, now, now, content, level,
                FindingState.NEW, "", List.of(), false));
    }

    private static String title(Document doc, List<Leak> leaks, Set<String> terms, boolean ownSecret) {
        List<String> parts = new ArrayList<>();
        if (doc.why() != null) {
            parts.add(doc.why());
        }
        if (ownSecret) {
            parts.add("one of our own secrets");
        }
        if (!leaks.isEmpty()) {
            Set<String> kinds = leaks.stream().map(Leak::description).collect(Collectors.toCollection(LinkedHashSet::new));
            int n = (int) leaks.stream().map(Leak::sha256).distinct().count();
            parts.add(n + (n == 1 ? " secret (" : " secrets (") + String.join(", ", kinds.stream().limit(3).toList())
                    + (kinds.size() > 3 ? ", …" : "") + ")");
        }
        if (!terms.isEmpty()) {
            parts.add("mentions " + String.join(", ", terms));
        }
        return doc.title() + ": " + String.join("; ", parts);
    }

    /**
     * Every word of the text hashed and compared with the own secrets, so a password is recognised even where no
     * rule knows its shape (a bare line in a dump). Only when own secrets are configured; the hashes stay here.
     */
    private List<Leak> ownTokens(String text, List<Leak> known) {
        Set<Integer> taken = new HashSet<>();
        known.forEach(l -> taken.add(l.start()));
        List<Leak> out = new ArrayList<>();
        int line = 1;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (separator(c)) {
                if (start >= 0 && i - start >= MIN_TOKEN && i - start <= MAX_TOKEN && !taken.contains(start)) {
                    String token = text.substring(start, i);
                    String sha = Masked.sha256(token);
                    if (watch.own(sha)) {
                        out.add(new Leak(OWN_RULE, "one of the organisation's own secrets", line, Masked.of(token), sha, start, i));
                    }
                }
                start = -1;
                if (c == '\n') {
                    line++;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static boolean separator(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == '=' || c == ':' || c == ',' || c == ';'
                || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}';
    }
}

package dev.vigil.threats.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Secret;
import dev.vigil.core.config.Section;
import dev.vigil.threats.source.SourcePlan;
import dev.vigil.threats.source.Sources;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code threats:} section:
 * <pre>
 * threats:
 *   watch:
 *     terms: [example.com, "@example.com", {term: Acme, word: false, case: true}]
 *     secrets_sha256: [5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8]
 *     secrets_sha256_file: /etc/vigil/own-secrets.sha256     # one hash per line, '#' comments
 *   rules: /etc/vigil/gitleaks.toml     # gitleaks rules instead of the built-in ones
 *   alert_at: medium                    # findings at or above this raise an event
 *   check_bodies: true                  # scan every http check's response body
 *   sources:
 *     - {type: pastebin, url: "http://127.0.0.1:8081", interval: 60s}
 * </pre>
 */
public final class ThreatsReader {
    public static final String KEY = "threats";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ThreatsReader() {}

    public static ThreatPlan read(ConfigNode node, ConfigErrors errors, Map<String, String> env) {
        if (node == null) {
            return ThreatPlan.DEFAULT;
        }
        Section s = Section.of(node, "'threats'", errors);
        WatchList watch = s.node("watch").map(n -> watch(Section.of(n, "'threats.watch'", errors))).orElse(WatchList.EMPTY);
        Path rules = s.string("rules").map(Path::of).orElse(null);
        if (rules != null && !Files.isReadable(rules)) {
            s.error("rules", "cannot read the rules file " + rules);
        }
        Level alertAt = Level.MEDIUM;
        try {
            alertAt = Level.of(s.string("alert_at", "medium"));
        } catch (IllegalArgumentException e) {
            s.error("alert_at", "'alert_at': " + e.getMessage());
        }
        boolean bodies = s.bool("check_bodies", true);
        List<SourcePlan> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode n : s.list("sources")) {
            SourcePlan p = source(Section.of(n, "a threats source", errors), env);
            if (p != null && !names.add(p.name())) {
                errors.add(n, "two threats sources are named '" + p.name() + "'; give one a 'name'");
            } else if (p != null) {
                sources.add(p);
            }
        }
        s.finish();
        return new ThreatPlan(watch, rules, alertAt, bodies, sources);
    }

    private static WatchList watch(Section w) {
        List<Term> terms = new ArrayList<>();
        for (ConfigNode n : w.list("terms")) {
            if (n instanceof ConfigNode.Scalar sc) {
                if (sc.value() == null || sc.value().isBlank()) {
                    w.errors().add(n, "a watched term cannot be empty");
                } else {
                    terms.add(Term.of(sc.value()));
                }
            } else {
                Section t = Section.of(n, "a watched term", w.errors());
                String text = t.required("term", "the word, name or domain to watch for");
                boolean word = t.bool("word", true);
                boolean cased = t.bool("case", false);
                t.finish();
                if (!text.isBlank()) {
                    terms.add(new Term(text, word, cased));
                }
            }
        }
        Set<String> hashes = new LinkedHashSet<>();
        for (String h : w.strings("secrets_sha256")) {
            if (SHA256.matcher(h.trim()).matches()) {
                hashes.add(h.trim().toLowerCase(Locale.ROOT));
            } else {
                w.error("secrets_sha256", "'secrets_sha256' holds SHA-256 hashes (64 hex digits), not secrets; found one of "
                        + h.trim().length() + " characters");
            }
        }
        w.string("secrets_sha256_file").ifPresent(f -> {
            try {
                int line = 0;
                for (String l : Files.readAllLines(Path.of(f))) {
                    line++;
                    String h = l.strip();
                    if (h.isEmpty() || h.startsWith("#")) {
                        continue;
                    }
                    h = h.split("\\s+")[0]; // sha256sum's "HASH  -" lines too
                    if (SHA256.matcher(h).matches()) {
                        hashes.add(h.toLowerCase(Locale.ROOT));
                    } else {
                        w.error("secrets_sha256_file", "line " + line + " of the secrets file is not a SHA-256 hash (64 hex digits)");
                    }
                }
            } catch (IOException e) {
                w.error("secrets_sha256_file", "cannot read the secrets file " + Path.of(f).getFileName());
            }
        });
        w.finish();
        return new WatchList(terms, hashes);
    }

    private static SourcePlan source(Section s, Map<String, String> env) {
        String type = s.required("type", "one of " + String.join(", ", Sources.names()));
        if (!type.isEmpty() && !Sources.names().contains(type)) {
            s.error("type", "unknown threats source type '" + type + "'; expected one of " + String.join(", ", Sources.names()));
            type = "";
        }
        URI url = null;
        if (Sources.needsUrl(type) || s.has("url")) {
            String text = s.required("url", "the service's base URL (http:// or https://)");
            try {
                url = text.isEmpty() ? null : new URI(text);
                if (url != null && (url.getHost() == null || !url.getScheme().matches("https?"))) {
                    s.error("url", "'url' must be an http:// or https:// URL");
                    url = null;
                }
            } catch (URISyntaxException e) {
                s.error("url", "'url' is not a valid URL: " + e.getReason());
            }
        }
        String name = s.string("name", type + (url == null ? "" : "-" + url.getHost()));
        if (!NAME.matcher(name).matches()) {
            s.error("name", "'name' may hold letters, digits, '.', '_' and '-' (at most 64)");
        }
        Duration interval = s.duration("interval", Duration.ofMinutes(5));
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            s.error("interval", "'interval' must be at least 1s");
        }
        Secret token = null;
        try {
            token = Secret.resolve(s.string("token", null), env);
        } catch (IllegalArgumentException e) {
            s.error("token", "'token': " + e.getMessage());
        }
        Duration gap = s.duration("request_gap", Duration.ofSeconds(1));
        List<String> sites = s.strings("sites");
        for (String site : sites) {
            if (!site.matches("https?://[^/\\s]+/?.*")) {
                s.error("sites", "'sites' lists http:// or https:// addresses, found '" + site + "'");
            }
        }
        List<String> queries = s.strings("queries");
        s.finish();
        if (type.isEmpty() || (Sources.needsUrl(type) && url == null)) {
            return null;
        }
        return new SourcePlan(type, name, url, interval == null ? Duration.ofMinutes(5) : interval, token, gap, sites, queries);
    }
}

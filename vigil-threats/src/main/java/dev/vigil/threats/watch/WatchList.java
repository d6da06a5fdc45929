package dev.vigil.threats.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the organisation watches for: its terms, and its own secrets as SHA-256 hashes (so Vigil recognises
 * "our database password is on a paste site" without ever holding the password).
 */
public final class WatchList {
    public static final WatchList EMPTY = new WatchList(List.of(), Set.of());

    /** A term found in a text, and where. */
    public record Hit(Term term, int at) {}

    private final List<Term> terms;
    private final Set<String> ownSecrets;

    /** @param ownSecrets lower-case hex SHA-256 hashes of the organisation's real secrets */
    public WatchList(List<Term> terms, Set<String> ownSecrets) {
        this.terms = List.copyOf(terms);
        this.ownSecrets = ownSecrets.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public List<Term> terms() {
        return terms;
    }

    /** The watched domains: terms that look like a host name, for the certificate logs. */
    public List<String> domains() {
        return terms.stream().map(Term::text).map(t -> t.startsWith("@") ? t.substring(1) : t)
                .filter(t -> t.matches("(?i)[a-z0-9-]+(\\.[a-z0-9-]+)+")).map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** Every occurrence of every term (at most 20 per term: enough to show, bounded on a flood of them). */
    public List<Hit> hits(String text) {
        List<Hit> out = new ArrayList<>();
        for (Term t : terms) {
            for (int at : t.in(text, 20)) {
                out.add(new Hit(t, at));
            }
        }
        return out;
    }

    public boolean own(String sha256) {
        return ownSecrets.contains(sha256);
    }

    public boolean hasOwnSecrets() {
        return !ownSecrets.isEmpty();
    }

    public int ownSecretCount() {
        return ownSecrets.size();
    }
}

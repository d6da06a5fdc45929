package dev.vigil.threats.triage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something a source brought in that matters: a watched term, a secret, or both, with where it was seen.
 * Nothing in it is plaintext: the excerpt is masked and secrets are kept as their SHA-256.
 *
 * @param id the store's id (0 before it is stored)
 * @param key what makes two sightings the same finding (the source type and the content's hash, or for the
 *     own sites the URL and the secrets' hashes, since an error page's timestamps change)
 * @param source the source type: pastebin, github, crtsh, feed, url, exposure, http-check
 * @param sourceName the configured source's name (several of one type may be configured)
 * @param host the monitored host it concerns (own sites, error pages), or null
 * @param service the check it concerns (error pages), or null
 * @param terms the watched terms it mentions
 * @param rules the detectors' rule ids that found secrets, in order of appearance
 * @param secrets the SHA-256 of each secret found (what allow-listing stores)
 * @param excerpt the lines that matter with their numbers ({@code 12: ...}), masked
 * @param contentSha256 the SHA-256 of the whole content as fetched
 * @param raised whether its event was appended (a finding stored just before a crash raises it at start)
 */
public record Finding(long id, String key, String source, String sourceName, String url, String title, String host,
                      String service, List<String> terms, List<String> rules, List<String> secrets, String excerpt,
                      Instant firstSeen, Instant lastSeen, String contentSha256, Level severity, FindingState state,
                      String assignee, List<String> tags, boolean raised) {

    public Finding {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        terms = List.copyOf(terms);
        rules = List.copyOf(rules);
        secrets = List.copyOf(secrets);
        tags = List.copyOf(tags);
        excerpt = excerpt == null ? "" : excerpt;
        assignee = assignee == null ? "" : assignee;
    }

    public Finding withId(long newId) {
        return new Finding(newId, key, source, sourceName, url, title, host, service, terms, rules, secrets, excerpt, firstSeen,
                lastSeen, contentSha256, severity, state, assignee, tags, raised);
    }
}

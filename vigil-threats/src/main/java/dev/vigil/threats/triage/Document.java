package dev.vigil.threats.triage;

import java.util.Objects;

/**
 * One text a source brought in (a paste, a code search hit, a feed entry, a page, an error page) for the
 * detectors and the watch list to judge. It lives only while it is judged: what is kept is the masked finding.
 *
 * @param source the source type (pastebin, github, http-check, ...)
 * @param sourceName the configured source's name
 * @param id the item's id at the source (a paste key, a commit sha), for the source's own dedup
 * @param own whether it is the organisation's own site (any secret there matters) rather than the outside
 *     world (where only what mentions a watched term or holds an own secret does)
 * @param floor the level the source itself gives it whatever the detectors say (an exposed {@code .git/config},
 *     a look-alike domain's certificate), or null
 * @param why what the source saw, said in the finding when {@code floor} is set
 * @param identity what makes two sightings one finding, when the content's hash does not (a changing page)
 */
public record Document(String source, String sourceName, String id, String url, String title, String text, String host,
                       String service, boolean own, Level floor, String why, String identity) {

    public Document {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        title = title == null || title.isBlank() ? "(untitled)" : title.strip();
    }

    /** A text from the outside world (a paste, a gist, a commit, a feed entry). */
    public static Document outside(String source, String sourceName, String id, String url, String title, String text) {
        return new Document(source, sourceName, id, url, title, text, null, null, false, null, null, null);
    }

    /** A page of one of the organisation's own sites (an error page, an exposed file). */
    public static Document ownSite(String source, String sourceName, String url, String title, String text, String host, String service) {
        return new Document(source, sourceName, url, url, title, text, host, service, true, null, null, null);
    }

    /** The same document, a finding at {@code level} at least, because of {@code reason}. */
    public Document flagged(Level level, String reason) {
        return new Document(source, sourceName, id, url, title, text, host, service, own, level, reason, identity);
    }

    /** The same document, one finding per {@code key} however its content changes. */
    public Document identifiedBy(String key) {
        return new Document(source, sourceName, id, url, title, text, host, service, own, floor, why, key);
    }

    @Override
    public String toString() {
        return "Document[" + source + " " + url + ", " + text.length() + " chars]"; // never the text: it may hold secrets
    }
}

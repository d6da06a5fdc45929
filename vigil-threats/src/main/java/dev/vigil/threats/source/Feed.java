package dev.vigil.threats.source;

import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An RSS 2.0 or Atom feed (a security mailing list, a paste site's feed, a forum's): each entry not seen before
 * is judged on its title and text. Entries are known by their {@code guid}/{@code id}, or link, or content.
 * The XML is read without DTDs or external entities.
 */
final class Feed implements Source {
    private static final int KEEP = 2000;

    /** One entry of either format. */
    record Entry(String id, String link, String title, String text) {}

    private final SourcePlan plan;

    Feed(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        Web.Response r = pull.web().get(plan.url(), Map.of("Accept", "application/rss+xml, application/atom+xml, application/xml, text/xml"));
        if (r.status() != 200) {
            throw new IOException("the feed answered " + r.status());
        }
        List<Entry> entries = parse(r.body());
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first, so a cut-short run resumes in order
            Entry e = entries.get(i);
            String id = e.id().isBlank() ? (e.link().isBlank() ? Masked.sha256(e.title() + e.text()) : e.link()) : e.id();
            if (pull.remembered("seen", id)) {
                continue;
            }
            pull.found(Document.outside("feed", plan.name(), id, e.link().isBlank() ? plan.shownUrl() : e.link(), e.title(),
                    e.title() + "\n" + e.text().replaceAll("<[^>]+>", " ")));
            pull.remember("seen", id, KEEP);
            pull.checkpoint();
        }
    }

    /** The entries of an RSS or Atom document, in document order. */
    static List<Entry> parse(String xml) throws IOException {
        return dev.vigil.core.feed.FeedReader.parse(xml).stream().map(e -> new Entry(e.id(), e.link(), e.title(), e.text())).toList();
    }
}

package dev.vigil.threats.source;

import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<Entry> out = new ArrayList<>();
        try {
            XMLStreamReader x = f.createXMLStreamReader(new StringReader(xml));
            boolean feed = false;
            String id = "";
            String link = "";
            String title = "";
            StringBuilder text = new StringBuilder();
            boolean inEntry = false;
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = x.getLocalName();
                    if (name.equals("rss") || name.equals("feed") || name.equals("RDF")) {
                        feed = true;
                    } else if (name.equals("item") || name.equals("entry")) {
                        inEntry = true;
                        id = link = title = "";
                        text.setLength(0);
                    } else if (inEntry) {
                        switch (name) {
                            case "guid", "id" -> id = x.getElementText().strip();
                            case "title" -> title = x.getElementText().strip();
                            case "link" -> {
                                String href = x.getAttributeValue(null, "href");
                                link = href != null ? href.strip() : x.getElementText().strip();
                            }
                            case "description", "summary", "content", "encoded" -> text.append(x.getElementText()).append('\n');
                            default -> { }
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && (x.getLocalName().equals("item") || x.getLocalName().equals("entry"))) {
                    inEntry = false;
                    out.add(new Entry(id, link, title, text.toString()));
                }
            }
            if (!feed) {
                throw new IOException("the answer is not an RSS or Atom feed");
            }
        } catch (XMLStreamException e) {
            throw new IOException("the feed is not well-formed XML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ")");
        }
        return out;
    }
}

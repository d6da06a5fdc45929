package dev.vigil.core.feed;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom document, read without DTDs or external entities (a feed is
 * someone else's XML). For the leak sources that watch feeds and the checks that watch providers' status feeds.
 */
public final class FeedReader {
    private FeedReader() {}

    /**
     * One entry: its id (guid or Atom id), link, title, text (description, summary or content, markup kept) and when
     * it was last updated (Atom {@code updated}, else {@code published}; RSS {@code pubDate}), or null when not said.
     */
    public record Entry(String id, String link, String title, String text, Instant updated) {}

    /** The entries in document order; an answer that is not a feed, or not well-formed, is an IOException saying so. */
    public static List<Entry> parse(String xml) throws IOException {
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
            Instant updated = null;
            Instant published = null;
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
                        updated = published = null;
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
                            case "updated", "modified" -> updated = time(x.getElementText());
                            case "published", "pubDate", "date", "issued" -> published = time(x.getElementText());
                            default -> { }
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && (x.getLocalName().equals("item") || x.getLocalName().equals("entry"))) {
                    inEntry = false;
                    out.add(new Entry(id, link, title, text.toString(), updated != null ? updated : published));
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

    /** RFC 822 dates (RSS) and ISO-8601 ones (Atom, Dublin Core); null for anything else. */
    static Instant time(String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not ISO-8601
        }
        try {
            // RFC 1123 wants "GMT" or an offset; feeds also write "UTC" and "Z", and single-digit days
            return ZonedDateTime.parse(t.replaceAll(" (UTC|UT|Z)$", " GMT"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

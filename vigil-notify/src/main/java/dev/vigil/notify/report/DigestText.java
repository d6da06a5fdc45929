package dev.vigil.notify.report;

import dev.vigil.core.config.Durations;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** A digest as an e-mail: a plain-text part and an HTML part saying the same. */
public final class DigestText {
    private DigestText() {}

    public static String subject(Digest d) {
        return "[Vigil] " + d.title() + ": " + d.opened() + " opened, " + d.closed() + " closed, "
                + d.stillOpen().size() + " still open";
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.3f%%", p);
    }

    private static String len(Duration d) {
        return Durations.format(Duration.ofSeconds(Math.max(0, d.toSeconds())));
    }

    public static String text(Digest d, ZoneId zone) {
        DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").withZone(zone);
        StringBuilder b = new StringBuilder(d.title()).append('\n').append(t.format(d.from())).append(" to ")
                .append(t.format(d.to())).append("\n\n");
        b.append("Problems opened: ").append(d.opened()).append(", closed: ").append(d.closed()).append("\n\n");
        b.append("Still open (").append(d.stillOpen().size()).append("):\n");
        d.stillOpen().forEach(s -> b.append("  - ").append(s).append('\n'));
        b.append("\nLongest outages:\n");
        d.longestOutages().forEach(o -> b.append("  ").append(len(o.length())).append("  ").append(o.what())
                .append(o.ongoing() ? " (ongoing)" : "").append('\n'));
        b.append("\nNoisiest:\n");
        d.noisiest().forEach(c -> b.append("  ").append(c.events()).append(" events  ").append(c.what()).append('\n'));
        b.append("\nEvents by source:\n");
        d.bySource().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        b.append("\nAvailability:\n");
        for (Map.Entry<String, Double> e : d.availability().entrySet()) {
            b.append("  ").append(pct(e.getValue())).append("  ").append(e.getKey()).append('\n');
        }
        return b.toString();
    }

    public static String html(Digest d, ZoneId zone) {
        DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").withZone(zone);
        StringBuilder b = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\"><h2>")
                .append(esc(d.title())).append("</h2><p>").append(t.format(d.from())).append(" to ").append(t.format(d.to()))
                .append("</p><p><b>").append(d.opened()).append("</b> problems opened, <b>").append(d.closed())
                .append("</b> closed.</p><h3>Still open (").append(d.stillOpen().size()).append(")</h3><ul>");
        d.stillOpen().forEach(s -> b.append("<li>").append(esc(s)).append("</li>"));
        b.append("</ul><h3>Longest outages</h3><table cellpadding=\"4\">");
        d.longestOutages().forEach(o -> b.append("<tr><td>").append(len(o.length())).append("</td><td>").append(esc(o.what()))
                .append(o.ongoing() ? " (ongoing)" : "").append("</td></tr>"));
        b.append("</table><h3>Noisiest</h3><table cellpadding=\"4\">");
        d.noisiest().forEach(c -> b.append("<tr><td>").append(c.events()).append("</td><td>").append(esc(c.what())).append("</td></tr>"));
        b.append("</table><h3>Events by source</h3><table cellpadding=\"4\">");
        d.bySource().forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td>").append(v).append("</td></tr>"));
        b.append("</table><h3>Availability</h3><table cellpadding=\"4\">");
        d.availability().forEach((k, v) -> b.append("<tr><td>").append(pct(v)).append("</td><td>").append(esc(k)).append("</td></tr>"));
        return b.append("</table></body></html>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

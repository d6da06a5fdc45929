package dev.vigil.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The words of a notification, shared by every channel that shows text, so all say the same thing. */
public final class Messages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Messages() {}

    /** e.g. {@code [FIRING:2] CRITICAL web on shop is CRITICAL (+1 more)} or {@code [RESOLVED] web on shop is OK}. */
    public static String subject(Notification n) {
        if (n.document() != null) {
            return n.document().subject();
        }
        Alert lead = n.lead();
        String prefix = n.test() ? "[TEST] " : "";
        if (n.status() == Alert.Status.RESOLVED) {
            return prefix + "[RESOLVED] " + lead.title().replaceAll(" is [A-Z]+$", " recovered");
        }
        long firing = n.firing();
        return prefix + "[FIRING:" + firing + "] " + lead.severity() + " " + lead.title()
                + (firing > 1 ? " (+" + (firing - 1) + " more)" : "");
    }

    public static String text(Notification n) {
        if (n.document() != null) {
            return n.document().text();
        }
        StringBuilder b = new StringBuilder(subject(n)).append("\n\n");
        for (Alert a : n.alerts()) {
            b.append(a.status() == Alert.Status.FIRING ? "FIRING  " : "RESOLVED").append("  ").append(a.severity())
                    .append("  ").append(a.title()).append('\n');
            if (!a.details().isEmpty()) {
                b.append("          ").append(a.details()).append('\n');
            }
            b.append("          since ").append(TIME.format(a.startsAt()));
            if (a.endsAt() != null) {
                b.append(", resolved ").append(TIME.format(a.endsAt()));
            }
            b.append('\n');
            String ack = n.ackLinks().get(a.fingerprint());
            if (ack != null) {
                b.append("          acknowledge: ").append(ack).append('\n');
            }
        }
        return b.toString();
    }

    public static String html(Notification n) {
        if (n.document() != null) {
            return n.document().html();
        }
        StringBuilder b = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
        b.append("<h2>").append(escape(subject(n))).append("</h2><table cellpadding=\"6\" style=\"border-collapse:collapse\">");
        for (Alert a : n.alerts()) {
            String colour = switch (a.status() == Alert.Status.RESOLVED ? "OK" : a.severity()) {
                case "CRITICAL" -> "#a3161f";
                case "WARNING" -> "#8a5a00";
                case "UNKNOWN" -> "#6b3fa0";
                default -> "#1f7a3a";
            };
            b.append("<tr><td style=\"color:").append(colour).append(";font-weight:bold\">")
                    .append(a.status() == Alert.Status.FIRING ? escape(a.severity()) : "RESOLVED").append("</td><td><b>")
                    .append(escape(a.title())).append("</b><br>").append(escape(a.details())).append("<br><small>since ")
                    .append(TIME.format(a.startsAt())).append(a.endsAt() == null ? "" : ", resolved " + TIME.format(a.endsAt()))
                    .append("</small>");
            String ack = n.ackLinks().get(a.fingerprint());
            if (ack != null) {
                b.append("<br><a href=\"").append(escape(ack)).append("\">Acknowledge</a>");
            }
            b.append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

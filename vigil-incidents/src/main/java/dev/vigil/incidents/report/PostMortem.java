package dev.vigil.incidents.report;

import dev.vigil.incidents.Incident;
import dev.vigil.incidents.Member;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** An incident's timeline as Markdown, to paste into a post-mortem: what happened when, earliest signal first. */
public final class PostMortem {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private PostMortem() {}

    public static String markdown(Incident i, List<Member> members) {
        StringBuilder b = new StringBuilder();
        b.append("# Incident ").append(i.id()).append(": ").append(text(i.title())).append("\n\n");
        b.append("- Severity: ").append(i.severity()).append('\n');
        b.append("- State: ").append(i.state().id()).append(i.note().isEmpty() ? "" : " (" + text(i.note()) + ")").append('\n');
        b.append("- Kind: ").append(i.kind().id()).append('\n');
        if (i.host() != null) {
            b.append("- Host: ").append(text(i.host())).append('\n');
        }
        b.append("- Opened: ").append(TIME.format(i.opened())).append('\n');
        if (i.resolved() != null) {
            b.append("- Resolved: ").append(TIME.format(i.resolved())).append(" (after ")
                    .append(human(Duration.between(i.opened(), i.resolved()))).append(")\n");
        }
        if (i.follows() != 0) {
            b.append("- Follows incident ").append(i.follows()).append('\n');
        }
        b.append("- Events: ").append(members.size()).append("\n\n## Timeline\n\n| When | Severity | Source | Host | What |\n| --- | --- | --- | --- | --- |\n");
        for (Member m : members) {
            b.append("| ").append(TIME.format(m.at())).append(" | ").append(m.severity()).append(" | ").append(m.source()).append(" | ")
                    .append(m.host() == null ? "" : cell(m.host())).append(" | ").append(m.event() == i.earliest() ? "**earliest signal:** " : "")
                    .append(m.kind().id().equals("recovery") ? "recovered: " : "").append(cell(m.title())).append(" |\n");
        }
        return b.toString();
    }

    /** Text in a table cell: pipes and line breaks would break the table. */
    private static String cell(String s) {
        return text(s).replace("|", "\\|").replace('\n', ' ');
    }

    /** Markdown that could not inject links or HTML into the report's viewer. */
    private static String text(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]");
    }

    private static String human(Duration d) {
        long m = d.toMinutes();
        return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }
}

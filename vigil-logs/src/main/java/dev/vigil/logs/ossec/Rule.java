package dev.vigil.logs.ossec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One {@code <rule>}: what it requires of an event, and where it sits in the tree. */
final class Rule {
    final int id;
    int level;
    final String file;
    final int line;
    String description = "";
    /** Comma-separated, as OSSEC keeps it (the group attribute of the enclosing group plus the rule's own). */
    String groups = "";
    private List<String> groupList;
    String category = "syslog";
    int frequency;
    int timeframe = 360;
    int ignoreSeconds;
    int maxsize;
    boolean noalert;
    boolean noLog;
    boolean alertByEmail;

    String ifSid;
    String ifGroup;
    String ifLevel;
    String ifMatchedSid;
    String ifMatchedGroup;
    String decodedAsName;
    int decodedAs = -1;

    LinePattern match;
    LinePattern pcre2;
    LinePattern programName;
    LinePattern hostname;
    LinePattern user;
    LinePattern url;
    LinePattern idField;
    LinePattern status;
    LinePattern extraData;
    LinePattern srcport;
    LinePattern dstport;
    LinePattern location;
    String action;
    IpList srcip;
    IpList dstip;
    TimeWindow time;
    TimeWindow.Days weekday;
    boolean fts;
    Predicate<LogEvent> compiled;
    /** A rule with a construct Vigil cannot honour never matches (and was reported at load). */
    boolean disabled;

    /** Wazuh's {@code <same_field>}/{@code <different_field>}: fields (static or dynamic) compared with earlier events. */
    List<String> sameFields = List.of();
    List<String> differentFields = List.of();
    boolean sameSourceIp;
    boolean sameUser;
    boolean sameId;
    boolean sameLocation;
    boolean sameSrcPort;
    boolean sameDstPort;
    boolean differentUrl;
    boolean sameUrl;
    /** Fields whose values, once this rule fired, make the rule ignore later events with the same values. */
    List<Field> ignoreFields = List.of();
    List<Field> checkIfIgnored = List.of();

    final List<Rule> children = new ArrayList<>();
    /** Wazuh's {@code <field name="...">} tests (and typed or negated named elements), all of which must hold. */
    List<FieldTest> fieldTests = List.of();
    /** Typed or negated {@code <match>}/{@code <regex>}: tests on the message (the name is unused). */
    List<FieldTest> messageTests = List.of();

    /** One {@code <field>}: the field's value must match (or, negated, must not). */
    record FieldTest(String name, LinePattern pattern, boolean negate) {}

    /** {@code <list>} lookups in CDB lists, all of which must hold. */
    List<CdbLists.Test> listTests = List.of();

    /** MITRE ATT&CK technique ids (Wazuh's {@code <mitre><id>}), kept with the alert. */
    List<String> mitre = List.of();
    /** Wazuh's {@code <info>} (and OSSEC's {@code <cve>}): references, "TYPE: value", kept with the alert. */
    List<String> info = List.of();
    /** The {@code <options>} as written (no_email_alert, alert_by_email, no_log, ...), kept with the alert. */
    List<String> options = List.of();
    /** The correlation rules that look back at events ending on this rule (their history is the analyzer's). */
    final List<Rule> keepFor = new ArrayList<>();

    Rule(int id, String file, int line) {
        this.id = id;
        this.file = file;
        this.line = line;
    }

    /** The groups as a list (split once: every verdict on this rule carries it). */
    List<String> groupList() {
        if (groupList == null) {
            List<String> out = new ArrayList<>();
            for (String g : groups.split(",")) {
                if (!g.isBlank()) {
                    out.add(g.strip());
                }
            }
            groupList = List.copyOf(out);
        }
        return groupList;
    }

    boolean correlates() {
        return ifMatchedSid != null || ifMatchedGroup != null;
    }

    @Override
    public String toString() {
        return "rule " + id;
    }
}

package dev.vigil.logs.ossec;

import dev.vigil.core.text.BoundedRegex;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OSSEC's analyzer for one stream of lines: split off the syslog header, decode, walk the rule tree, and keep
 * the state correlation rules look back at ({@code frequency}/{@code timeframe}, {@code if_matched_sid}).
 * Time comes from the injected clock (OSSEC uses the time a line is read, not its syslog timestamp). Every
 * pattern tried on a line shares one time budget, so no rule can hang the engine. Not thread-safe: one
 * analyzer per pipeline thread.
 */
public final class Analyzer {
    /** Events kept per correlation rule at most, whatever its timeframe: memory stays bounded under floods. */
    static final int MAX_HISTORY = 10_000;
    private static final Duration LINE_BUDGET = Duration.ofMillis(100);
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private final Ruleset ruleset;
    private final InstantSource clock;
    private final ZoneId zone;
    private final String ownHostname;
    private final Map<Rule, Set<List<String>>> ignored = new HashMap<>();
    private final Set<String> seenFirstTime = new HashSet<>();
    /** Per correlation rule: the events it may look back at, oldest first. */
    private final Map<Rule, RuleHistory> histories = new HashMap<>();
    private long sequence;
    private final Map<Rule, Long> lastAlert = new HashMap<>();
    private long tooSlow;

    public Analyzer(Ruleset ruleset, InstantSource clock, ZoneId zone, String ownHostname) {
        this.ruleset = ruleset;
        this.clock = clock;
        this.zone = zone;
        this.ownHostname = ownHostname;
    }

    /** Lines given up on because their patterns ran past the time budget. */
    public long tooSlow() {
        return tooSlow;
    }

    /** Analyzes one line read from {@code location} (a file path, "syslog:1.2.3.4", "stdin"). */
    public Verdict analyze(String line, String location) {
        LogEvent e = new LogEvent(withoutControls(line), location, clock.instant());
        e.seq = ++sequence;
        Header.split(e, ownHostname);
        e.lower = e.log.toLowerCase(Locale.ROOT);
        e.literals = ruleset.literals.scan(e.lower);
        CharSequence guarded = BoundedRegex.guarded(e.log, System.nanoTime() + LINE_BUDGET.toNanos());
        try {
            ruleset.decoders.decode(e, guarded);
            return judge(e, guarded);
        } catch (BoundedRegex.TooSlow slow) {
            tooSlow++;
            return new Verdict(e.decoder == null ? null : e.decoder.name, null, 0,
                    "analysis stopped: a pattern took too long on this line", List.of(), e.fieldMap(), List.of(), false, e, List.of(),
                    List.of(), List.of(), "");
        } finally {
            // Only patterns read these; an event kept for correlation (thousands per rule) should not carry them.
            e.lower = null;
            e.literals = null;
        }
    }

    private Verdict judge(LogEvent e, CharSequence guarded) {
        String type = e.type != null ? e.type : e.decoder == null ? "syslog" : e.decoder.type;
        LocalDateTime local = LocalDateTime.ofInstant(e.time, zone);
        Context ctx = new Context(e, guarded, local.getHour() * 60 + local.getMinute(), local.getDayOfWeek(), new ArrayList<>());
        for (Rule root : ruleset.rules.roots) {
            if (!root.category.equals(type)) {
                continue;
            }
            Rule r = check(ctx, root);
            if (r == null) {
                continue;
            }
            boolean alert = r.level > 0;
            if (alert && r.ignoreSeconds > 0) {
                long now = e.time.getEpochSecond();
                Long last = lastAlert.get(r);
                if (last != null && now - last < r.ignoreSeconds) {
                    alert = false;
                } else {
                    lastAlert.put(r, now);
                }
            }
            if (alert && !r.checkIfIgnored.isEmpty() && ignored.getOrDefault(r, Set.of()).contains(values(e, r.checkIfIgnored))) {
                alert = false;
            }
            if (alert && !r.ignoreFields.isEmpty()) {
                Set<List<String>> set = ignored.computeIfAbsent(r, k -> new HashSet<>());
                if (set.size() < MAX_HISTORY) {
                    set.add(values(e, r.ignoreFields));
                }
            }
            if (alert) {
                for (Rule watcher : r.keepFor) {
                    histories.computeIfAbsent(watcher, k -> new RuleHistory(k, MAX_HISTORY)).add(e);
                }
            }
            return new Verdict(e.decoder == null ? null : e.decoder.name, r.id, r.level, described(r.description, e), r.groupList(),
                    e.fieldMap(), List.copyOf(ctx.evidence), alert, e, r.mitre, r.info, r.options, subject(r, e.fieldMap()));
        }
        return new Verdict(e.decoder == null ? null : e.decoder.name, null, 0, "", List.of(), e.fieldMap(), List.of(), false, e, List.of(), List.of(), List.of(), "");
    }

    /** What an alert of {@code r} is about (see {@link Verdict#subject()}). */
    private static String subject(Rule r, Map<String, String> f) {
        if (!r.correlates()) {
            return f.getOrDefault("srcip", f.getOrDefault("url", ""));
        }
        StringBuilder s = new StringBuilder();
        if (r.sameSourceIp) {
            s.append(f.getOrDefault("srcip", ""));
        }
        if (r.sameUrl) {
            s.append(s.isEmpty() ? "" : " ").append(f.getOrDefault("url", ""));
        }
        if (r.sameUser) {
            s.append(s.isEmpty() ? "" : " ").append(f.getOrDefault("dstuser", f.getOrDefault("user", "")));
        }
        return s.toString();
    }

    /**
     * Wazuh's {@code $(field)} in a description: the event's value of that field (empty when it has none), so
     * "login by $(dstuser) from $(srcip)" names who and where.
     */
    static String described(String description, LogEvent e) {
        int open = description.indexOf("$(");
        if (open < 0) {
            return description;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (open >= 0) {
            int close = description.indexOf(')', open + 2);
            if (close < 0) {
                break;
            }
            String value = e.field(description.substring(open + 2, close).strip());
            out.append(description, from, open).append(value == null ? "" : value);
            from = close + 1;
            open = description.indexOf("$(", from);
        }
        return out.append(description, from, description.length()).toString();
    }

    /** Control characters become spaces (as OSSEC does; they could forge lines in alerts and logs). */
    private static String withoutControls(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return CONTROL.matcher(line).replaceAll(" ");
            }
        }
        return line;
    }

    private static List<String> values(LogEvent e, List<Field> fields) {
        List<String> v = new ArrayList<>(fields.size());
        for (Field f : fields) {
            v.add(e.fields[f.ordinal()]);
        }
        return v;
    }

    private record Context(LogEvent e, CharSequence log, int minuteOfDay, DayOfWeek day, List<String> evidence) {}

    /** OSSEC's OS_CheckIfRuleMatch: the rule's own tests, then its children; null when nothing fits. */
    private Rule check(Context ctx, Rule r) {
        LogEvent e = ctx.e;
        if (r.disabled) {
            return null;
        }
        if (r.decodedAs >= 0 && (e.decoder == null || e.decoder.id != r.decodedAs)) {
            return null;
        }
        if (r.programName != null && (e.programName == null || !r.programName.found(e.programName, null))) {
            return null;
        }
        if (r.idField != null && !fieldMatches(r.idField, e.fields[Field.ID.ordinal()])) {
            return null;
        }
        if (r.match != null && !r.match.foundInMessage(ctx.log, e)) {
            return null;
        }
        if (r.pcre2 != null && !r.pcre2.foundInMessage(ctx.log, e)) {
            return null;
        }
        if (r.action != null && !r.action.equals(e.fields[Field.ACTION.ordinal()])) {
            return null;
        }
        if (r.url != null && !fieldMatches(r.url, e.fields[Field.URL.ordinal()])) {
            return null;
        }
        if (r.location != null && !fieldMatches(r.location, e.location)) {
            return null;
        }
        if (r.srcip != null && (e.fields[Field.SRCIP.ordinal()] == null || !r.srcip.contains(e.fields[Field.SRCIP.ordinal()]))) {
            return null;
        }
        if (r.dstip != null && (e.fields[Field.DSTIP.ordinal()] == null || !r.dstip.contains(e.fields[Field.DSTIP.ordinal()]))) {
            return null;
        }
        if (r.srcport != null && !fieldMatches(r.srcport, e.fields[Field.SRCPORT.ordinal()])) {
            return null;
        }
        if (r.dstport != null && !fieldMatches(r.dstport, e.fields[Field.DSTPORT.ordinal()])) {
            return null;
        }
        if (r.user != null) {
            String u = e.fields[Field.DSTUSER.ordinal()] != null ? e.fields[Field.DSTUSER.ordinal()] : e.fields[Field.SRCUSER.ordinal()];
            if (!fieldMatches(r.user, u)) {
                return null;
            }
        }
        if (r.maxsize > 0 && e.log.length() < r.maxsize) {
            return null;
        }
        if (r.time != null && !r.time.contains(ctx.minuteOfDay)) {
            return null;
        }
        if (r.weekday != null && !r.weekday.contains(ctx.day)) {
            return null;
        }
        if (r.extraData != null && !fieldMatches(r.extraData, e.fields[Field.DATA.ordinal()])) {
            return null;
        }
        if (r.hostname != null && !fieldMatches(r.hostname, e.hostname)) {
            return null;
        }
        if (r.status != null && !fieldMatches(r.status, e.fields[Field.STATUS.ordinal()])) {
            return null;
        }
        for (Rule.FieldTest t : r.messageTests) {
            if (t.pattern().foundInMessage(ctx.log, e) == t.negate()) {
                return null;
            }
        }
        for (Rule.FieldTest t : r.fieldTests) {
            String value = e.field(t.name());
            // A field the line does not have fails the test, negated or not (as Wazuh).
            if (value == null || t.pattern().found(value, null) == t.negate()) {
                return null;
            }
        }
        for (CdbLists.Test t : r.listTests) {
            if (!t.passes(e)) {
                return null;
            }
        }
        if (r.compiled != null && !r.compiled.test(e)) {
            return null;
        }
        if (r.fts && (e.decoder == null || e.decoder.fts == null || !firstTimeSeen(e))) {
            return null;
        }
        if (r.correlates() && !lookBack(ctx, r)) {
            return null;
        }
        for (Rule child : r.children) {
            Rule hit = check(ctx, child);
            if (hit != null) {
                return hit;
            }
        }
        return r.noalert ? null : r;
    }

    private static boolean fieldMatches(LinePattern p, String value) {
        return value != null && p.found(value, null);
    }

    /** OSSEC's first-time-seen: the decoder and its fields never seen before by this analyzer. */
    private boolean firstTimeSeen(LogEvent e) {
        String key = (e.decoder == null ? "" : e.decoder.name) + "\u0000" + String.join("\u0000",
                Arrays.stream(e.fields).map(String::valueOf).toList());
        if (seenFirstTime.size() >= 100_000) {
            return false; // bounded: past this many distinct keys, nothing counts as new
        }
        return seenFirstTime.add(key);
    }

    /** OSSEC's Search_LastSids (see {@link RuleHistory}); the events found become the evidence. */
    private boolean lookBack(Context ctx, Rule r) {
        RuleHistory history = histories.get(r);
        List<String> found = history == null ? null : history.search(ctx.e);
        if (found == null) {
            return false;
        }
        ctx.evidence.clear();
        ctx.evidence.addAll(found);
        return true;
    }
}

package dev.vigil.logs.ossec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * OSSEC's rules as OSSEC arranges them: rules below id 10 are the roots (one per decoder type); every other
 * rule hangs below the rules it names ({@code if_sid}), the rules of a group ({@code if_group}), rules of a
 * level ({@code if_level}), or else below the root of its category. Siblings are kept highest level first,
 * which is the order they are tried in.
 */
final class RuleTree {
    private static final Set<String> CATEGORIES = Set.of("firewall", "ids", "web-log", "syslog", "squid", "windows", "ossec");

    final List<Rule> roots = new ArrayList<>();
    private final Map<Integer, Rule> byId = new HashMap<>();
    private final List<Rule> all = new ArrayList<>();
    /** Ids of rules that could not be used, so the rules that hang below them can say why they are skipped too. */
    private final Set<Integer> skipped = new HashSet<>();
    /** All or nothing (for people writing rules): a second rule with an id already used is a problem, not a warning. */
    private final boolean strict;

    private final Ruleset.Dialect dialect;
    /**
     * Rule elements that take Wazuh's {@code type}/{@code negate}, with their default pattern type: the
     * message for match and regex, the field of that name for the others ("string": an exact comparison).
     */
    private static final Map<String, String> TYPED_ELEMENTS = Map.ofEntries(Map.entry("match", "osmatch"),
            Map.entry("regex", "osregex"), Map.entry("action", "string"), Map.entry("user", "osmatch"),
            Map.entry("url", "osmatch"), Map.entry("id", "osmatch"), Map.entry("status", "osmatch"),
            Map.entry("extra_data", "osmatch"), Map.entry("program_name", "osmatch"), Map.entry("hostname", "osmatch"),
            Map.entry("location", "osmatch"), Map.entry("srcport", "osmatch"), Map.entry("dstport", "osmatch"),
            Map.entry("system_name", "osmatch"), Map.entry("protocol", "osmatch"), Map.entry("data", "osmatch"));

    private static final Set<String> WAZUH_ONLY = Set.of("protocol", "system_name", "data");

    private final CdbLists lists;

    RuleTree(boolean strict, Ruleset.Dialect dialect, CdbLists lists) {
        this.strict = strict;
        this.dialect = dialect;
        this.lists = lists;
    }

    int size() {
        return all.size();
    }

    /** Adds the rules of one file; problems go to {@code problems} as FILE:LINE: message. */
    void load(String file, String text, DecoderSet decoders, List<String> problems, List<String> warnings) {
        for (RulesetXml.Element top : RulesetXml.parse(file, text)) {
            if (top.name().equals("group")) {
                String groups = top.attr("name") == null ? "" : top.attr("name");
                for (RulesetXml.Element r : top.children()) {
                    loadRule(file, r, groups, decoders, problems, warnings);
                }
            } else {
                loadRule(file, top, "", decoders, problems, warnings);
            }
        }
    }

    private void loadRule(String file, RulesetXml.Element e, String groups, DecoderSet decoders, List<String> problems,
                          List<String> warnings) {
        try {
            if (!e.name().equals("rule")) {
                throw new IllegalArgumentException("<" + e.name() + "> where a <rule> was expected");
            }
            Rule r = read(file, e, groups, decoders, warnings);
            Rule old = byId.get(r.id);
            if (old != null) {
                // As Wazuh: the first definition is kept unless the later one says overwrite="yes".
                if ("yes".equals(e.attr("overwrite"))) {
                    replace(old, r);
                    return;
                }
                String where = "rule id " + r.id + " is already defined at " + old.file + ":" + old.line;
                if (strict) {
                    throw new IllegalArgumentException(where);
                }
                warnings.add(file + ":" + e.line() + ": " + where + "; the first is kept (overwrite=\"yes\" replaces it)");
                return;
            }
            place(r);
            byId.put(r.id, r);
            all.add(r);
        } catch (Patterns.BadPattern | IllegalArgumentException ex) {
            problems.add(file + ":" + e.line() + ": rule " + e.attr("id") + ": " + ex.getMessage());
            try {
                skipped.add(Integer.parseInt(e.attr("id").strip()));
            } catch (RuntimeException notANumber) {
                // nothing can depend on a rule without an id
            }
        }
    }

    /**
     * Puts {@code r} where {@code old} was: the same place in the tree, the same rules below it and the same
     * correlations counting it, as Wazuh's overwrite does.
     */
    private void replace(Rule old, Rule r) {
        r.children.addAll(old.children);
        r.keepFor.addAll(old.keepFor);
        for (int i = 0; i < roots.size(); i++) {
            if (roots.get(i) == old) {
                roots.set(i, r);
            }
        }
        for (Rule x : all) {
            x.children.replaceAll(c -> c == old ? r : c);
            x.keepFor.replaceAll(c -> c == old ? r : c);
        }
        all.replaceAll(x -> x == old ? r : x);
        byId.put(r.id, r);
    }

    /** Why a rule named by id is not there: never loaded, or skipped. */
    private String missing(String attribute, String sid) {
        try {
            if (skipped.contains(Integer.parseInt(sid.strip()))) {
                return attribute + " " + sid + " names a rule that was skipped";
            }
        } catch (NumberFormatException e) {
            // reported as not loaded
        }
        return attribute + " " + sid + " is not a rule loaded before this one";
    }

    private static int integer(String v, String what) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException | NullPointerException ex) {
            throw new IllegalArgumentException(what + " must be a number, not '" + v + "'");
        }
    }

    private Rule read(String file, RulesetXml.Element e, String groups, DecoderSet decoders, List<String> warnings) {
        Rule r = new Rule(integer(e.attr("id"), "the id"), file, e.line());
        r.groups = groups;
        for (var a : e.attributes().entrySet()) {
            String v = a.getValue();
            switch (a.getKey()) {
                case "id" -> { }
                case "level" -> r.level = integer(v, "level");
                // Wazuh fires on the Nth event, OSSEC on the (N+2)th of the same attribute: Wazuh takes 2 off at load.
                case "frequency" -> r.frequency = integer(v, "frequency") - (dialect == Ruleset.Dialect.WAZUH ? 2 : 0);
                case "timeframe" -> r.timeframe = integer(v, "timeframe");
                case "ignore" -> r.ignoreSeconds = integer(v, "ignore");
                case "maxsize" -> r.maxsize = integer(v, "maxsize");
                case "noalert" -> r.noalert = true;
                case "accuracy", "overwrite" -> { }
                default -> throw new IllegalArgumentException("unsupported attribute '" + a.getKey() + "'");
            }
        }
        Map<String, StringBuilder> texts = new LinkedHashMap<>();
        List<String> mitre = new ArrayList<>();
        List<String> info = new ArrayList<>();
        List<Rule.FieldTest> fieldTests = new ArrayList<>();
        List<Rule.FieldTest> messageTests = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<CdbLists.Test> listTests = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (RulesetXml.Element c : e.children()) {
            if (c.name().equals("info") || c.name().equals("cve")) {
                // Wazuh's <info type="link|cve|text|osvdb">: a reference for whoever reads the alert.
                String type = c.name().equals("cve") ? "cve" : c.attr("type");
                info.add((type == null || type.isBlank() ? "" : type.strip() + ": ") + c.text().strip());
                continue;
            }
            if (c.name().equals("mitre")) {
                c.children().stream().filter(id -> id.name().equals("id")).forEach(id -> mitre.add(id.text().strip()));
                continue;
            }
            // Wazuh's type= and negate= on a pattern element: tested on its own, as <field> is.
            String typed = TYPED_ELEMENTS.get(c.name());
            // protocol, system_name and data exist only in Wazuh's reading, so they take this path plain too.
            if (typed != null && (c.attr("type") != null || c.attr("negate") != null || WAZUH_ONLY.contains(c.name()))) {
                LinePattern p = LinePattern.of(typed.equals("string") && c.attr("type") == null
                        ? Pattern.compile(Pattern.quote(c.text().strip()), 0) : pattern(c, typed.equals("string") ? "osmatch" : typed));
                if (c.name().equals("match") || c.name().equals("regex")) {
                    messageTests.add(new Rule.FieldTest("", p, negated(c)));
                } else {
                    fieldTests.add(new Rule.FieldTest(c.name().equals("user") ? "dstuser" : c.name(), p, negated(c)));
                }
                continue;
            }
            if (c.name().equals("field")) {
                String name = c.attr("name");
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("<field> needs a name (line " + c.line() + ")");
                }
                fieldTests.add(new Rule.FieldTest(name.strip(), LinePattern.of(pattern(c, "osregex")), negated(c)));
                continue;
            }
            if (c.name().equals("list")) {
                String field = c.attr("field");
                if (field == null || field.isBlank()) {
                    throw new IllegalArgumentException("<list> needs a field (line " + c.line() + ")");
                }
                CdbLists.Lookup lookup = CdbLists.Lookup.of(c.attr("lookup") == null ? "match_key" : c.attr("lookup"));
                String check = c.attr("check_value");
                listTests.add(new CdbLists.Test(field.strip(), lookup, lists.list(c.text()),
                        check == null ? null : Patterns.osRegex(check)));
                continue;
            }
            if (c.name().equals("same_field") || c.name().equals("different_field")) {
                (c.name().equals("same_field") ? same : different).add(c.text().strip());
                continue;
            }
            StringBuilder was = texts.get(c.name());
            if (was != null && c.name().equals("options")) {
                was.append(','); // several <options> elements add up
            }
            texts.computeIfAbsent(c.name(), k -> new StringBuilder()).append(c.text());
        }
        r.sameFields = List.copyOf(same);
        r.listTests = List.copyOf(listTests);
        r.differentFields = List.copyOf(different);
        r.mitre = List.copyOf(mitre);
        r.info = List.copyOf(info);
        r.fieldTests = List.copyOf(fieldTests);
        r.messageTests = List.copyOf(messageTests);
        for (var t : texts.entrySet()) {
            String raw = t.getValue().toString();
            // Patterns keep their spaces; everything else is read trimmed.
            String v = t.getKey().equals("pcre2") || t.getKey().endsWith("_pcre2") || t.getKey().equals("match")
                    || t.getKey().equals("regex") ? raw : raw.strip();
            switch (t.getKey()) {
                case "description" -> r.description = v;
                case "group" -> r.groups = r.groups + v;
                case "comment" -> { }
                case "category" -> {
                    if (!CATEGORIES.contains(v)) {
                        throw new IllegalArgumentException("invalid category '" + v + "'");
                    }
                    r.category = v;
                }
                case "options" -> {
                    for (String o : v.split("[,\\s]+")) {
                        if (!o.isEmpty() && !r.options.contains(o)) {
                            r.options = Stream.concat(r.options.stream(), Stream.of(o)).toList(); // a few, once at load
                        }
                        switch (o) {
                            case "no_log" -> r.noLog = true;
                            case "alert_by_email" -> r.alertByEmail = true;
                            case "no_email_alert", "no_ar", "no_full_log", "no_counter", "" -> { }
                            default -> warnings.add(file + ":" + e.line() + ": rule " + r.id + ": option '" + o
                                    + "' is not known; it is left out");
                        }
                    }
                }
                case "if_sid" -> r.ifSid = v;
                case "if_group" -> r.ifGroup = v;
                case "if_level" -> r.ifLevel = v;
                case "if_matched_sid" -> r.ifMatchedSid = v;
                case "if_matched_group" -> r.ifMatchedGroup = v;
                case "decoded_as" -> {
                    r.decodedAsName = v;
                    r.decodedAs = decoders.id(v);
                    if (r.decodedAs < 0) {
                        throw new IllegalArgumentException("decoded_as names unknown decoder '" + v + "'");
                    }
                    if (!decoders.loaded(v)) {
                        throw new IllegalArgumentException("decoded_as names decoder '" + v + "', which was skipped");
                    }
                }
                case "match" -> r.match = LinePattern.of(Patterns.osMatch(v));
                case "regex" -> r.pcre2 = LinePattern.of(Patterns.osRegex(v));
                case "pcre2" -> r.pcre2 = LinePattern.of(Patterns.pcre2(v));
                case "program_name" -> r.programName = LinePattern.of(Patterns.osMatch(v));
                case "program_name_pcre2" -> r.programName = LinePattern.of(Patterns.pcre2(v));
                case "hostname" -> r.hostname = LinePattern.of(Patterns.osMatch(v));
                case "hostname_pcre2" -> r.hostname = LinePattern.of(Patterns.pcre2(v));
                case "user" -> r.user = LinePattern.of(Patterns.osMatch(v));
                case "user_pcre2" -> r.user = LinePattern.of(Patterns.pcre2(v));
                case "url" -> r.url = LinePattern.of(Patterns.osMatch(v));
                case "url_pcre2" -> r.url = LinePattern.of(Patterns.pcre2(v));
                case "id" -> r.idField = LinePattern.of(Patterns.osMatch(v));
                case "id_pcre2" -> r.idField = LinePattern.of(Patterns.pcre2(v));
                case "status" -> r.status = LinePattern.of(Patterns.osMatch(v));
                case "status_pcre2" -> r.status = LinePattern.of(Patterns.pcre2(v));
                case "extra_data" -> r.extraData = LinePattern.of(Patterns.osMatch(v));
                case "extra_data_pcre2" -> r.extraData = LinePattern.of(Patterns.pcre2(v));
                case "srcport" -> r.srcport = LinePattern.of(Patterns.osMatch(v));
                case "srcport_pcre2" -> r.srcport = LinePattern.of(Patterns.pcre2(v));
                case "dstport" -> r.dstport = LinePattern.of(Patterns.osMatch(v));
                case "dstport_pcre2" -> r.dstport = LinePattern.of(Patterns.pcre2(v));
                case "location" -> r.location = LinePattern.of(Patterns.osMatch(v));
                case "location_pcre2" -> r.location = LinePattern.of(Patterns.pcre2(v));
                case "action" -> r.action = v;
                case "srcip" -> r.srcip = IpList.parse(v);
                case "dstip" -> r.dstip = IpList.parse(v);
                case "time" -> r.time = TimeWindow.parse(v);
                case "weekday" -> r.weekday = TimeWindow.Days.parse(v);
                case "if_fts" -> r.fts = true;
                case "same_source_ip" -> r.sameSourceIp = true;
                case "same_user" -> r.sameUser = true;
                case "same_id" -> r.sameId = true;
                case "same_location" -> r.sameLocation = true;
                case "same_src_port" -> r.sameSrcPort = true;
                case "same_dst_port" -> r.sameDstPort = true;
                case "different_url" -> r.differentUrl = true;
                case "same_url" -> r.sameUrl = true; // Vigil's addition: "the same page failing again and again"
                case "ignore" -> r.ignoreFields = fields(v);
                case "check_if_ignored" -> r.checkIfIgnored = fields(v);
                case "compiled_rule" -> {
                    r.compiled = CompiledRules.ALL.get(v);
                    if (r.compiled == null) {
                        r.disabled = true;
                        warnings.add(file + ":" + e.line() + ": rule " + r.id + " is disabled: compiled rule '" + v + "' is not built in");
                    }
                }
                case "check_diff" -> {
                    r.disabled = true;
                    warnings.add(file + ":" + e.line() + ": rule " + r.id + " is disabled: <" + t.getKey()
                            + "> is not supported (it needs command output history or CDB lists)");
                }
                default -> throw new IllegalArgumentException("unknown element <" + t.getKey() + ">");
            }
        }
        return r;
    }

    /** A pattern element's text in the dialect its {@code type} attribute names, else {@code fallback}. */
    private Pattern pattern(RulesetXml.Element c, String fallback) {
        String type = c.attr("type") == null ? fallback : c.attr("type").strip();
        String text = c.text();
        return switch (type) {
            case "osregex" -> Patterns.osRegex(text);
            case "osmatch" -> Patterns.osMatch(text);
            case "pcre2" -> dialect == Ruleset.Dialect.WAZUH ? Patterns.pcre2CaseSensitive(text) : Patterns.pcre2(text);
            default -> throw new IllegalArgumentException("unknown pattern type '" + type + "' (line " + c.line() + ")");
        };
    }

    private static boolean negated(RulesetXml.Element c) {
        String v = c.attr("negate");
        if (v == null || v.equals("no")) {
            return false;
        }
        if (v.equals("yes")) {
            return true;
        }
        throw new IllegalArgumentException("negate must be yes or no (line " + c.line() + ")");
    }

    private static List<Field> fields(String v) {
        List<Field> out = new ArrayList<>();
        for (String p : v.split("[,\\s]+")) {
            if (p.isEmpty()) {
                continue;
            }
            Field f = Field.ofOrder(p);
            if (f == null) {
                throw new IllegalArgumentException("unknown field '" + p + "'");
            }
            out.add(f);
        }
        return out;
    }

    /** Puts a rule into the tree as OSSEC's rules_list does, and wires correlation history. */
    private void place(Rule r) {
        if (r.id < 10) {
            insert(roots, r);
        } else if (r.ifSid != null) {
            for (String sid : r.ifSid.split("[,\\s]+")) {
                if (sid.isEmpty()) {
                    continue;
                }
                Rule parent = byId.get(integer(sid, "if_sid"));
                if (parent == null) {
                    throw new IllegalArgumentException(missing("if_sid", sid));
                }
                r.category = parent.category;
                insert(parent.children, r);
            }
        } else if (r.ifLevel != null) {
            int level = integer(r.ifLevel, "if_level");
            if (!forEachRule(x -> x.level >= level && x != r, x -> insert(x.children, r))) {
                throw new IllegalArgumentException("no rule of level " + level + " or more for if_level");
            }
        } else if (r.ifGroup != null) {
            Pattern g = Patterns.osMatch(r.ifGroup);
            if (!forEachRule(x -> x.id != r.id && g.matcher(x.groups).find(), x -> insert(x.children, r))) {
                throw new IllegalArgumentException("no rule in group '" + r.ifGroup + "' for if_group");
            }
        } else if (r.ifMatchedSid != null) {
            // A correlation rule is tried where the events it counts end: below the rule it counts (OSSEC
            // fires rule 5720, frequency 6 over 5716, on the 8th failure, which needs it there).
            Rule target = byId.get(integer(r.ifMatchedSid, "if_matched_sid"));
            if (target == null) {
                throw new IllegalArgumentException(missing("if_matched_sid", r.ifMatchedSid));
            }
            r.category = target.category;
            insert(target.children, r);
        } else if (r.ifMatchedGroup != null) {
            Pattern g = Patterns.osMatch(r.ifMatchedGroup);
            if (!forEachRule(x -> x.id != r.id && g.matcher(x.groups).find(), x -> insert(x.children, r))) {
                placeByCategory(r);
            }
        } else {
            placeByCategory(r);
        }
        if (r.ifMatchedSid != null) {
            Rule target = byId.get(integer(r.ifMatchedSid, "if_matched_sid"));
            if (target == null) {
                throw new IllegalArgumentException(missing("if_matched_sid", r.ifMatchedSid));
            }
            target.keepFor.add(r);
        } else if (r.ifMatchedGroup != null) {
            Pattern g = Patterns.osMatch(r.ifMatchedGroup);
            forEachRule(x -> g.matcher(x.groups).find(), x -> x.keepFor.add(r));
        }
    }

    private void placeByCategory(Rule r) {
        for (Rule x : roots) {
            if (x.category.equals(r.category)) {
                insert(x.children, r);
                return;
            }
        }
        throw new IllegalArgumentException("no root rule for category '" + r.category + "' (is rules_config.xml loaded first?)");
    }

    /** The patterns rules try on the message (the ones {@link LiteralScanner} serves). */
    void messagePatterns(List<LinePattern> out) {
        forEachRule(r -> true, r -> {
            if (r.match != null) {
                out.add(r.match);
            }
            if (r.pcre2 != null) {
                out.add(r.pcre2);
            }
            r.messageTests.forEach(t -> out.add(t.pattern()));
        });
    }

    /** Applies {@code action} to every rule in the tree matching {@code test}; true if any did. */
    private boolean forEachRule(Predicate<Rule> test, Consumer<Rule> action) {
        List<Rule> hits = new ArrayList<>();
        ArrayDeque<Rule> todo = new ArrayDeque<>(roots);
        Set<Rule> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Rule x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            if (test.test(x)) {
                hits.add(x);
            }
            todo.addAll(x.children);
        }
        hits.forEach(action);
        return !hits.isEmpty();
    }

    /**
     * Inserts before the first sibling of a lower rank, so siblings stay highest first. As in OSSEC, level 0
     * ranks above every other level: rules that silence an event are tried before rules that raise it.
     */
    private static void insert(List<Rule> siblings, Rule r) {
        int i = 0;
        while (i < siblings.size() && rank(r) <= rank(siblings.get(i))) {
            i++;
        }
        siblings.add(i, r);
    }

    private static int rank(Rule r) {
        return r.level == 0 ? 9900 : r.level * 100;
    }
}

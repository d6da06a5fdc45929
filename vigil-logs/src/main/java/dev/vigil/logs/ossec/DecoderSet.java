package dev.vigil.logs.ossec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OSSEC's decoders, kept as OSSEC keeps them: two lists of top-level decoders (those that require a program
 * name and those that do not), each with its children; a line is decoded by the first top-level decoder whose
 * program name and prematch fit, then by the first child whose prematch fits, whose regex fills the fields.
 */
final class DecoderSet {
    private static final Set<String> TYPES = Set.of("firewall", "ids", "web-log", "syslog", "squid", "windows",
            "host-information", "ossec");

    /** A top-level decoder and its children in load order. */
    private record Node(Decoder decoder, List<Decoder> children) {}

    private final List<Node> withProgram = new ArrayList<>();
    private final List<Node> withoutProgram = new ArrayList<>();
    /**
     * Per program name seen, the decoders whose program_name test it passes, in order: a host has a few dozen
     * programs, and testing hundreds of program_name patterns on every line was most of the decoding time.
     */
    private final Map<String, List<Node>> byProgram = new ConcurrentHashMap<>();
    private static final int PROGRAMS_REMEMBERED = 10_000;
    /** Decoder ids by name, in order of first appearance (OSSEC numbers them so). */
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    /** Decoders OSSEC builds in (for its own integrity and host events); rules may name them in decoded_as. */
    static final List<String> INTERNAL = List.of("rootcheck", "syscheck_integrity_changed", "syscheck_integrity_changed_2nd",
            "syscheck_integrity_changed_3rd", "syscheck_deleted", "syscheck_new_entry", "hostinfo_modified", "hostinfo_new");
    /**
     * Wazuh's decoders built into its analyzer for what its agents send (registry monitoring, inventory,
     * policy scans, Windows event channel): rules name them; only the Windows event channel's JSON reaches
     * Vigil as a log line, and it is decoded as Wazuh does (its JSON, under {@code win.}).
     */
    static final List<String> WAZUH_INTERNAL = List.of("windows_eventchannel", "syscollector", "ciscat", "sca",
            "syscheck_registry_key_modified", "syscheck_registry_key_deleted", "syscheck_registry_key_added",
            "syscheck_registry_value_modified", "syscheck_registry_value_deleted", "syscheck_registry_value_added");
    private static final String EVENT_CHANNEL = "windows_eventchannel";
    private Decoder eventChannel;

    private final Set<String> loaded = new HashSet<>();

    private final Ruleset.Dialect dialect;

    DecoderSet(Ruleset.Dialect dialect) {
        this.dialect = dialect;
        INTERNAL.forEach(n -> ids.put(n, ids.size() + 1));
        if (dialect == Ruleset.Dialect.WAZUH) {
            WAZUH_INTERNAL.forEach(n -> ids.put(n, ids.size() + 1));
            eventChannel = new Decoder(EVENT_CHANNEL, "(built in)", 0);
            eventChannel.id = ids.get(EVENT_CHANNEL);
            eventChannel.plugin = "JSON_Decoder";
            eventChannel.type = "ossec"; // its rules hang below the ossec category, as Wazuh files them
        }
    }

    /** Adds the decoders of one file; problems go to {@code problems} as FILE:LINE: message. */
    void load(String file, String text, List<String> problems, List<String> warnings) {
        for (RulesetXml.Element e : RulesetXml.parse(file, text)) {
            try {
                Decoder d = read(file, e, warnings);
                add(d);
                loaded.add(d.name);
            } catch (Patterns.BadPattern | IllegalArgumentException ex) {
                problems.add(file + ":" + e.line() + ": decoder '" + e.attr("name") + "': " + ex.getMessage());
            }
        }
    }

    int id(String name) {
        return ids.getOrDefault(name, -1);
    }

    /** Whether a decoder of this name was loaded (not only named by one that was skipped). */
    boolean loaded(String name) {
        return loaded.contains(name) || INTERNAL.contains(name) || (eventChannel != null && WAZUH_INTERNAL.contains(name));
    }

    private Decoder read(String file, RulesetXml.Element e, List<String> warnings) {
        if (!e.name().equals("decoder")) {
            throw new IllegalArgumentException("<" + e.name() + "> where a <decoder> was expected");
        }
        String name = e.attr("name");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a decoder needs a name");
        }
        Decoder d = new Decoder(name, file, e.line());
        ids.putIfAbsent(name, ids.size() + 1);
        StringBuilder prematch = null;
        StringBuilder regex = null;
        Kind prematchKind = null;
        Kind regexKind = null;
        String program = null;
        Kind programKind = null;
        for (RulesetXml.Element c : e.children()) {
            String raw = c.text();
            String text = raw.strip();
            switch (c.name()) {
                case "parent" -> d.parent = text;
                case "pcre2", "regex" -> {
                    int offset = offset(c);
                    if (regex != null && offset != 0) {
                        throw new IllegalArgumentException("only the first <" + c.name() + "> may have an offset (line " + c.line() + ")");
                    }
                    if (offset != 0) {
                        d.regexOffset = offset;
                    }
                    regex = regex == null ? new StringBuilder(raw) : regex.append(raw);
                    regexKind = kind(c, Kind.OSREGEX);
                }
                case "prematch_pcre2", "prematch" -> {
                    int offset = offset(c);
                    if (offset != 0) {
                        d.prematchOffset = offset;
                    }
                    prematch = prematch == null ? new StringBuilder(raw) : prematch.append(raw);
                    prematchKind = kind(c, Kind.OSREGEX);
                }
                case "program_name_pcre2", "program_name" -> {
                    program = program == null ? raw : program + raw;
                    programKind = kind(c, Kind.OSMATCH);
                }
                case "use_own_name" -> d.useOwnName = "true".equals(text);
                case "type" -> {
                    if (!TYPES.contains(text)) {
                        throw new IllegalArgumentException("invalid decoder type '" + text + "' (line " + c.line() + ")");
                    }
                    d.type = text;
                }
                case "order" -> {
                    String[] parts = text.split(",");
                    d.order = new Field[parts.length];
                    d.orderNames = new String[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        String field = parts[i].strip();
                        if (field.isEmpty()) {
                            throw new IllegalArgumentException("an empty field name in <order> (line " + c.line() + ")");
                        }
                        // Wazuh names static fields exactly and keeps any other name; OSSEC reads by substring.
                        d.order[i] = dialect == Ruleset.Dialect.WAZUH ? Field.ofName(field) : Field.ofOrder(field);
                        if (d.order[i] == null) {
                            d.orderNames[i] = field;
                        }
                    }
                }
                case "plugin_decoder" -> {
                    d.plugin = text;
                    d.pluginOffset = offset(c);
                    if (!PluginDecoders.BUILT_IN.contains(text)) {
                        warnings.add(file + ":" + c.line() + ": decoder '" + name + "': plugin decoder " + text
                                + " is not built in; lines it takes are named '" + name + "' but get no fields");
                    }
                }
                case "json_null_field" -> d.jsonNulls = switch (text) {
                    case "discard" -> JsonFields.Nulls.DISCARD;
                    case "empty" -> JsonFields.Nulls.EMPTY;
                    case "string" -> JsonFields.Nulls.STRING;
                    default -> throw new IllegalArgumentException("json_null_field must be discard, empty or string (line "
                            + c.line() + ")");
                };
                case "json_array_field", "var" -> {
                    // Wazuh's array layout (CSV is its default and ours) and decoder variables: accepted as written.
                }
                case "fts" -> d.fts = text;
                case "ftscomment", "accumulate" -> {
                    // Only extra context on the alert in OSSEC; nothing to match on.
                }
                default -> throw new IllegalArgumentException("unknown element <" + c.name() + "> (line " + c.line() + ")");
            }
        }
        if (prematch == null && d.parent == null && program == null) {
            throw new IllegalArgumentException("a top-level decoder needs a prematch or a program name");
        }
        if (regex != null && d.order.length == 0 && d.plugin == null) {
            throw new IllegalArgumentException("a regex without an <order>");
        }
        if ((d.regexOffset & Decoder.AFTER_PARENT) != 0 && d.parent == null) {
            throw new IllegalArgumentException("offset after_parent without a parent");
        }
        if ((d.regexOffset & Decoder.AFTER_PREMATCH) != 0 && d.parent == null) {
            d.regexOffset = Decoder.AFTER_PARENT; // as OSSEC: after its own prematch is after the "parent" match
        } else if ((d.regexOffset & Decoder.AFTER_PREMATCH) != 0 && prematch == null) {
            throw new IllegalArgumentException("offset after_prematch without a prematch");
        }
        if ((d.regexOffset & Decoder.AFTER_REGEX) != 0 && (d.parent == null || regex == null)) {
            throw new IllegalArgumentException("offset after_regex needs a parent and a regex");
        }
        if (prematch != null) {
            d.prematch = LinePattern.of(prematchKind.compile(prematch.toString()));
        }
        if (regex != null) {
            d.regex = LinePattern.of(regexKind.compile(regex.toString()));
            d.groupsKeepPlace = regexKind == Kind.PCRE2_WAZUH;
        }
        if (program != null) {
            d.programName = LinePattern.of(program.isEmpty() ? Pattern.compile("") : programKind.compile(program));
        }
        return d;
    }

    /** How a decoder element's text is read. */
    private enum Kind {
        OSREGEX, OSMATCH,
        /** OSSEC's {@code *_pcre2} elements: case-insensitive, as OSSEC compiles them. */
        PCRE2,
        /** Wazuh's {@code type="pcre2"}: case-sensitive, and its groups keep their places in {@code <order>}. */
        PCRE2_WAZUH;

        Pattern compile(String text) {
            return switch (this) {
                case OSREGEX -> Patterns.osRegex(text);
                case OSMATCH -> Patterns.osMatch(text);
                case PCRE2 -> Patterns.pcre2(text);
                case PCRE2_WAZUH -> Patterns.pcre2CaseSensitive(text);
            };
        }
    }

    /** The element's kind: Wazuh's {@code type=} on it, else its {@code *_pcre2} name, else the element's default. */
    private static Kind kind(RulesetXml.Element c, Kind otherwise) {
        String type = c.attr("type");
        if (type != null) {
            return switch (type.strip().toLowerCase(Locale.ROOT)) {
                case "pcre2" -> Kind.PCRE2_WAZUH;
                case "osregex" -> Kind.OSREGEX;
                case "osmatch" -> Kind.OSMATCH;
                default -> throw new IllegalArgumentException("<" + c.name() + "> type '" + type
                        + "' is not one of osmatch, osregex, pcre2 (line " + c.line() + ")");
            };
        }
        return c.name().equals("pcre2") || c.name().endsWith("_pcre2") ? Kind.PCRE2 : otherwise;
    }

    private static int offset(RulesetXml.Element c) {
        String v = c.attr("offset");
        if (v == null) {
            return 0;
        }
        return switch (v) {
            case "after_parent" -> Decoder.AFTER_PARENT;
            case "after_prematch" -> Decoder.AFTER_PREMATCH;
            case "after_regex" -> Decoder.AFTER_REGEX;
            default -> throw new IllegalArgumentException("invalid offset '" + v + "' (line " + c.line() + ")");
        };
    }

    private void add(Decoder d) {
        if (d.parent == null) {
            (d.programName != null ? withProgram : withoutProgram).add(new Node(d, new ArrayList<>()));
            d.id = ids.get(d.name);
            return;
        }
        boolean added = false;
        for (List<Node> list : List.of(withProgram, withoutProgram)) {
            for (Node n : list) {
                if (n.decoder().ownName.equals(d.parent)) {
                    addChild(n, d);
                    added = true;
                }
            }
        }
        if (!added) {
            throw new IllegalArgumentException("parent decoder '" + d.parent + "' not found (it must come first)");
        }
        if (d.useOwnName) {
            d.id = ids.get(d.ownName);
        } else {
            Decoder parent = findTop(d.parent);
            d.name = parent.name;
            d.id = parent.id;
        }
    }

    private Decoder findTop(String name) {
        for (List<Node> list : List.of(withProgram, withoutProgram)) {
            for (Node n : list) {
                if (n.decoder().ownName.equals(name)) {
                    return n.decoder();
                }
            }
        }
        throw new IllegalArgumentException("parent decoder '" + name + "' not found");
    }

    /** OSSEC's rules for a second child of the same name: it continues the first's extraction (get_next). */
    private static void addChild(Node n, Decoder d) {
        boolean afterAnother = false;
        for (Decoder sibling : n.children()) {
            if (!sibling.ownName.equals(d.ownName)) {
                continue;
            }
            if ((sibling.prematch != null || sibling.regex != null) && d.regexOffset != 0) {
                afterAnother = true;
            }
            if (d.prematch != null) {
                throw new IllegalArgumentException("a repeated decoder name cannot have a prematch");
            }
            if ((sibling.regex != null || sibling.plugin != null) && (d.regex != null || d.plugin != null)) {
                sibling.getNext = true;
            } else {
                throw new IllegalArgumentException("a repeated decoder name needs a regex in both");
            }
        }
        if (!afterAnother && (d.regexOffset & Decoder.AFTER_REGEX) != 0 && !n.children().isEmpty()) {
            throw new IllegalArgumentException("offset after_regex needs a previous decoder of the same name");
        }
        n.children().add(d);
    }

    /** Decodes {@code e} in place: sets its decoder and fields. */
    void decode(LogEvent e, CharSequence guarded) {
        List<Node> list = e.programName != null ? forProgram(e.programName) : withoutProgram;
        String log = e.log;
        if (eventChannel != null && log.startsWith("{\"win\"")) { // a Windows event as the Wazuh agent sends it
            e.decoder = eventChannel;
            JsonFields.decode(e, log, JsonFields.Nulls.DISCARD);
            return;
        }
        for (Node node : list) {
            Decoder top = node.decoder();
            int pmatch = 0;
            if (top.prematch != null) {
                int end = end(top.prematch.messageMatcher(guarded, e, 0, log.length()));
                if (end < 0) {
                    continue;
                }
                pmatch = end;
            }
            e.decoder = top;
            List<Decoder> children = node.children();
            int child = -1;
            int cmatch = pmatch;
            Decoder current = top;
            if (!children.isEmpty()) {
                current = null;
                int i = 0;
                while (i < children.size()) {
                    Decoder c = children.get(i);
                    if (c.prematch != null) {
                        int from = (c.prematchOffset & Decoder.AFTER_PARENT) != 0 ? pmatch : 0;
                        int end = end(c.prematch.messageMatcher(guarded, e, from, log.length()));
                        if (end >= 0) {
                            cmatch = end;
                            e.decoder = c;
                            current = c;
                            child = i;
                            break;
                        }
                    } else {
                        cmatch = pmatch;
                        current = c;
                        child = i;
                        break;
                    }
                    // A chain of same-named regex-only children is skipped as a whole.
                    if (c.getNext) {
                        while (i < children.size() && children.get(i).getNext) {
                            i++;
                        }
                        if (i >= children.size()) {
                            return;
                        }
                    }
                    i++;
                }
                if (current == null) {
                    return;
                }
            }
            if (current.plugin != null) {
                int from = (current.pluginOffset & Decoder.AFTER_PARENT) != 0 ? pmatch
                        : (current.pluginOffset & Decoder.AFTER_PREMATCH) != 0 ? cmatch : 0;
                PluginDecoders.decode(current.plugin, e, log.substring(Math.min(from, log.length())), current);
                return;
            }
            int prevRegex = -1;
            while (current != null) {
                if (current.regex == null) {
                    return;
                }
                int from = 0;
                if ((current.regexOffset & Decoder.AFTER_PARENT) != 0) {
                    from = pmatch;
                } else if ((current.regexOffset & Decoder.AFTER_PREMATCH) != 0) {
                    from = cmatch;
                } else if ((current.regexOffset & Decoder.AFTER_REGEX) != 0) {
                    from = prevRegex < 0 ? cmatch : prevRegex;
                }
                Matcher m = current.regex.messageMatcher(guarded, e, from, log.length());
                if (m == null) {
                    if (current.getNext && child >= 0 && child + 1 < children.size()) {
                        current = children.get(++child);
                        continue;
                    }
                    return;
                }
                prevRegex = m.end();
                e.decoder = current;
                int slot = 0;
                // A group that did not take part is skipped and the next group takes its name: that is how an
                // os_regex alternation numbers its groups (each alternative from one) and how OSSEC's PCRE2 glue
                // reads them. Wazuh's type="pcre2" keeps its place in <order> (an empty value, left out here).
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.start(g) < 0) {
                        slot += current.groupsKeepPlace ? 1 : 0;
                        continue;
                    }
                    if (slot < current.order.length && current.order[slot] != null) {
                        e.fields[current.order[slot].ordinal()] = m.group(g);
                    } else if (slot < current.orderNames.length && current.orderNames[slot] != null) {
                        e.dynamic.put(current.orderNames[slot], m.group(g));
                    }
                    slot++;
                }
                if (current.getNext && child >= 0 && child + 1 < children.size()) {
                    current = children.get(++child);
                    continue;
                }
                return;
            }
            return;
        }
    }

    /** The patterns decoders try on the message (the ones {@link LiteralScanner} serves). */
    void messagePatterns(List<LinePattern> out) {
        for (List<Node> list : List.of(withProgram, withoutProgram)) {
            for (Node n : list) {
                messagePatterns(n.decoder(), out);
                n.children().forEach(c -> messagePatterns(c, out));
            }
        }
    }

    private static void messagePatterns(Decoder d, List<LinePattern> out) {
        if (d.prematch != null) {
            out.add(d.prematch);
        }
        if (d.regex != null) {
            out.add(d.regex);
        }
    }

    private List<Node> forProgram(String program) {
        List<Node> known = byProgram.get(program);
        if (known != null) {
            return known;
        }
        String lower = program.toLowerCase(Locale.ROOT);
        List<Node> fits = new ArrayList<>();
        for (Node node : withProgram) {
            if (node.decoder().programName.found(program, lower)) {
                fits.add(node);
            }
        }
        if (byProgram.size() < PROGRAMS_REMEMBERED) { // bounded: past this many names, each line tests them all
            byProgram.put(program, List.copyOf(fits));
        }
        return fits;
    }

    private static int end(Matcher m) {
        return m == null ? -1 : m.end();
    }
}

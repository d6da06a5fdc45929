package dev.vigil.logs.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.core.text.BoundedRegex;
import dev.vigil.logs.ossec.Ruleset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code logs:} section:
 * <pre>
 * logs:
 *   files: ["/var/log/nginx/*.log", {path: "/srv/app/*.log", multiline: "^\\d{4}-\\d\\d-\\d\\d "}]
 *   syslog: {bind: 127.0.0.1, udp: 5514, tcp: 5514, tls: false}
 *   journald: true
 *   alert_level: 7
 *   retention: 30d
 *   saved_searches: [{name: "login flood", query: "url:\"/wp-login.php\"", threshold: 50, window: 5m}]
 *   rulesets: [{decoders: /var/ossec/ruleset/decoders, rules: /var/ossec/ruleset/rules, lists: /var/ossec/etc/lists}]
 * </pre>
 */
public final class LogsReader {
    public static final String KEY = "logs";

    private LogsReader() {}

    public static LogsPlan read(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return LogsPlan.EMPTY;
        }
        Section s = Section.of(node, "'logs'", errors);
        List<LogsPlan.FileSource> files = new ArrayList<>();
        for (ConfigNode f : s.list("files")) {
            if (f instanceof ConfigNode.Scalar sc) {
                files.add(new LogsPlan.FileSource(List.of(String.valueOf(sc.value())), null, false));
                continue;
            }
            Section fs = Section.of(f, "a log file entry", errors);
            List<String> paths = fs.has("path") ? List.of(fs.required("path", "a file path or glob")) : fs.strings("paths");
            String multiline = fs.string("multiline", null);
            if (multiline != null) {
                try {
                    BoundedRegex.compile(multiline, Duration.ofMillis(50));
                } catch (IllegalArgumentException e) {
                    fs.error("multiline", "'multiline' is not a valid pattern: " + e.getMessage());
                }
            }
            boolean whole = fs.bool("from_beginning", false);
            fs.finish();
            if (paths.isEmpty()) {
                errors.add(fs.location(), "a log file entry needs 'path' (or 'paths')");
            }
            files.add(new LogsPlan.FileSource(paths, multiline, whole));
        }
        for (LogsPlan.FileSource f : files) {
            for (String p : f.paths()) {
                if (!Path.of(p).isAbsolute()) {
                    errors.add(s.at("files"), "log file paths must be absolute, found '" + p + "'");
                }
            }
        }
        LogsPlan.SyslogSource syslog = null;
        if (s.has("syslog")) {
            Section ss = Section.of(s.node("syslog").orElseThrow(), "'logs.syslog'", errors);
            String bind = ss.string("bind", "127.0.0.1");
            int udp = ss.integer("udp", -1, -1, 65535);
            int tcp = ss.integer("tcp", -1, -1, 65535);
            boolean tls = ss.bool("tls", false);
            ss.finish();
            if (udp < 0 && tcp < 0) {
                errors.add(ss.location(), "'logs.syslog' needs a 'udp' or 'tcp' port");
            }
            if (tls && tcp < 0) {
                errors.add(ss.location(), "'logs.syslog.tls' needs a 'tcp' port");
            }
            syslog = new LogsPlan.SyslogSource(bind, udp, tcp, tls);
        }
        Boolean journald = s.has("journald") ? s.bool("journald", false) : null;
        // strict, exclude and dialect at the top also hold for the entries of rulesets (an entry may say otherwise).
        Defaults defaults = new Defaults(s.bool("strict", false),
                s.has("exclude") ? s.strings("exclude") : Ruleset.Options.WAZUH_EXCLUDED, dialect(s, s.string("dialect", null)));
        LogsPlan.RulesetSource ruleset = null;
        if (s.has("decoders") || s.has("rules")) {
            ruleset = rulesetSource(s, "'logs'", defaults, true, errors);
        } else if (s.has("lists")) {
            s.error("lists", "'logs.lists' goes with 'logs.decoders' and 'logs.rules' (or inside an entry of 'logs.rulesets')");
        }
        List<LogsPlan.RulesetSource> rulesets = new ArrayList<>();
        for (ConfigNode n : s.list("rulesets")) {
            Section rs = Section.of(n, "an entry of 'logs.rulesets'", errors);
            LogsPlan.RulesetSource source = rulesetSource(rs, "an entry of 'logs.rulesets'", defaults, false, errors);
            rs.finish();
            if (source != null) {
                rulesets.add(source);
            }
        }
        int level = s.integer("alert_level", 7, 1, 16);
        Duration retention = s.duration("retention", Duration.ofDays(30));
        Duration resolve = s.duration("resolve_after", Duration.ofHours(1));
        List<LogsPlan.SavedSearch> saved = new ArrayList<>();
        for (ConfigNode n : s.list("saved_searches")) {
            Section ss = Section.of(n, "a saved search", errors);
            String name = ss.required("name", "a name for the search");
            String query = ss.required("query", "a query in Lucene syntax");
            int threshold = ss.integer("threshold", 0, 0, Integer.MAX_VALUE);
            Duration window = ss.duration("window", Duration.ofMinutes(5));
            if (window.isZero() || window.compareTo(LogsPlan.MAX_WINDOW) > 0) {
                ss.error("window", "'window' must be longer than zero and at most 31d");
                window = Duration.ofMinutes(5);
            }
            ss.finish();
            saved.add(new LogsPlan.SavedSearch(name, query, threshold, window));
        }
        s.finish();
        return new LogsPlan(files, syslog, journald, ruleset, rulesets, level, retention, resolve, saved);
    }

    private record Defaults(boolean strict, List<String> exclude, Ruleset.Dialect dialect) {}

    private static Ruleset.Dialect dialect(Section s, String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "wazuh" -> Ruleset.Dialect.WAZUH;
            case "ossec" -> Ruleset.Dialect.OSSEC;
            default -> {
                s.error("dialect", "'dialect' must be wazuh or ossec (or left out to tell from the rule files)");
                yield null;
            }
        };
    }

    /**
     * A ruleset's keys, at the top of {@code logs:} (a set used instead of Vigil's own) or in an entry of
     * {@code rulesets:} (a set stacked with it): decoders and rules (together), lists, strict, exclude, dialect.
     */
    private static LogsPlan.RulesetSource rulesetSource(Section s, String where, Defaults defaults, boolean top,
                                                        ConfigErrors errors) {
        String decoders = s.string("decoders", null);
        String rules = s.string("rules", null);
        String lists = s.string("lists", null);
        // At the top of logs: the defaults are this set's own keys, already read.
        boolean strict = top ? defaults.strict() : s.bool("strict", defaults.strict());
        List<String> exclude = !top && s.has("exclude") ? s.strings("exclude") : defaults.exclude();
        Ruleset.Dialect dialect = !top && s.has("dialect") ? dialect(s, s.string("dialect", null)) : defaults.dialect();
        if (decoders == null || rules == null) {
            errors.add(s.location(), where + ": 'decoders' and 'rules' go together (an OSSEC or Wazuh decoder file or folder and a rules folder)");
            return null;
        }
        return new LogsPlan.RulesetSource(Path.of(decoders), Path.of(rules), lists == null ? null : Path.of(lists), strict, exclude, dialect);
    }
}

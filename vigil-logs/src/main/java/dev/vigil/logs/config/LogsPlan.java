package dev.vigil.logs.config;

import dev.vigil.logs.ossec.Ruleset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the {@code logs:} section says: which files to tail, the syslog server, journald, the ruleset, the
 * level from which a log alert becomes an event, and the index retention.
 *
 * @param journald true to follow journald, false not to, null to follow it where this machine has a journal
 * @param ruleset an OSSEC- or Wazuh-format ruleset to use instead of the built-in one, or null
 * @param rulesets OSSEC- or Wazuh-format rulesets stacked after the first (each judges every line alone;
 *                 the highest-rated verdict wins, see {@code AnalyzerStack})
 * @param resolveAfter a log alert's incident closes after this long without the same alert again
 */
public record LogsPlan(List<FileSource> files, SyslogSource syslog, Boolean journald, RulesetSource ruleset,
                       List<RulesetSource> rulesets, int alertLevel, Duration retention, Duration resolveAfter,
                       List<SavedSearch> savedSearches) {
    /** The longest window a saved search counts over: it is counted every minute. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);


    public static final LogsPlan EMPTY = new LogsPlan(List.of(), null, false, null, List.of(), 7, Duration.ofDays(30),
            Duration.ofHours(1), List.of());

    /** Globs to tail, an optional multi-line start pattern, and whether files present at first start are read whole. */
    public record FileSource(List<String> paths, String multiline, boolean fromBeginning) {}

    /**
     * A ruleset on disk: a decoder file or folder and a rules folder. Loaded as Wazuh does (what cannot be used
     * is skipped and reported) unless {@code strict}; {@code exclude} names rule files left out when the
     * folder has no {@code order.txt}; {@code dialect} is null to tell OSSEC's from Wazuh's by the files' names;
     * {@code lists} is the CDB lists folder (null: a {@code lists} folder beside the rules, if any).
     */
    public record RulesetSource(Path decoders, Path rules, Path lists, boolean strict, List<String> exclude,
                                Ruleset.Dialect dialect) {
        public RulesetSource {
            exclude = List.copyOf(exclude);
        }
    }

    /** The syslog server; a port of -1 leaves that transport off. */
    public record SyslogSource(String bind, int udp, int tcp, boolean tls) {}

    /** A search that alerts: more than {@code threshold} matches within {@code window}. */
    public record SavedSearch(String name, String query, long threshold, Duration window) {}

    public boolean any() {
        return !files.isEmpty() || syslog != null || !Boolean.FALSE.equals(journald);
    }
}

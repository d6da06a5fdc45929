package dev.vigil.logs.ossec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A loaded set of OSSEC- or Wazuh-format decoders and rules. Loading reports every problem (file and line)
 * and every construct it cannot honour. As Wazuh does, a decoder or rule that cannot be used is skipped,
 * with the rules that depend on it, and the rest loads ({@link #skipped()} says what and why); with
 * {@link Options#strict()} (for people writing rules) a set with problems is refused as a whole.
 */
public final class Ruleset {
    /** Vigil's own decoders and rules, shipped in the jar, loaded in this order. */
    private static final List<String> BUILT_IN_DECODERS = List.of("vigil_decoders.xml");
    private static final List<String> BUILT_IN_RULES = List.of("rules_config.xml", "vigil_rules.xml", "vigil_default_rules.xml");

    final DecoderSet decoders;
    final RuleTree rules;
    private final Dialect dialect;
    /** Finds the prefilter literals of every message pattern in a line at once; built when loading is done. */
    LiteralScanner literals = LiteralScanner.over(List.of());

    /**
     * Whose reading of the format: Wazuh's (static field names exact, any other kept as a dynamic field,
     * PCRE2 case-sensitive, {@code frequency="N"} fires on the Nth event) or OSSEC's (the (N+2)th).
     */
    public enum Dialect {
        OSSEC, WAZUH;

        /** Wazuh numbers its rule files ({@code 0010-rules_config.xml}); OSSEC names them ({@code sshd_rules.xml}). */
        static Dialect of(Path rulesDir) throws IOException {
            try (Stream<Path> s = Files.list(rulesDir)) {
                return s.anyMatch(p -> p.getFileName().toString().matches("\\d{4}-.+\\.xml")) ? WAZUH : OSSEC;
            }
        }
    }
    private final List<String> warnings = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    /**
     * How to load a set.
     *
     * @param strict refuse the whole set on any problem, instead of skipping what cannot be used
     * @param exclude rule file names left out when the folder has no {@code order.txt} (Wazuh's default
     *     configuration leaves out {@code 0215-policy_rules.xml})
     * @param dialect whose reading of the format, or null to tell from the rule files' names
     * @param lists the CDB lists folder; null for a {@code lists} folder beside the rules folder, if there is one
     */
    public record Options(boolean strict, List<String> exclude, Dialect dialect, Path lists) {
        public static final List<String> WAZUH_EXCLUDED = List.of("0215-policy_rules.xml");
        public static final Options LENIENT = new Options(false, WAZUH_EXCLUDED, null, null);
        public static final Options STRICT = new Options(true, WAZUH_EXCLUDED, null, null);

        public Options withLists(Path folder) {
            return new Options(strict, exclude, dialect, folder);
        }

        public Options {
            exclude = List.copyOf(exclude);
        }
    }

    /** The set could not be loaded; the message lists each problem as FILE:LINE: what. */
    public static final class Invalid extends Exception {
        public final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }
    }

    private Ruleset(boolean strict, Dialect dialect, Path lists) {
        this.dialect = dialect;
        this.decoders = new DecoderSet(dialect);
        this.rules = new RuleTree(strict, dialect, new CdbLists(lists));
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Constructs that were loaded but cannot do everything they do in OSSEC (e.g. plugin decoders). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What was left out, as FILE:LINE: what and why (empty for a strict load, which refuses instead). */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    public int ruleCount() {
        return rules.size();
    }

    /** Vigil's built-in set. */
    public static Ruleset builtIn() {
        return BuiltIn.SET;
    }

    /** Read once per process (the server's start and every reload want it; it never changes and is not mutated). */
    private static final class BuiltIn {
        static final Ruleset SET = load();

        private static Ruleset load() {
            try {
                List<Source> d = new ArrayList<>();
                for (String n : BUILT_IN_DECODERS) {
                    d.add(resource(n));
                }
                List<Source> r = new ArrayList<>();
                for (String n : BUILT_IN_RULES) {
                    r.add(resource(n));
                }
                return of(d, r, Options.STRICT, Dialect.OSSEC, null);
            } catch (Invalid e) {
                throw new IllegalStateException("the built-in ruleset does not load: " + e.getMessage(), e);
            }
        }
    }

    /** Loads a set leniently, as Wazuh does (see {@link #load(Path, Path, Options)}). */
    public static Ruleset load(Path decoders, Path rulesDir) throws Invalid, IOException {
        return load(decoders, rulesDir, Options.LENIENT);
    }

    /**
     * Loads decoders from a file or a directory (its *.xml, by name) and rules from a directory: the files its
     * {@code order.txt} lists, in that order, as OSSEC's default configuration does; without one, as Wazuh
     * does, {@code rules_config.xml} (if there is one) first and then every *.xml by name except the excluded.
     */
    public static Ruleset load(Path decoders, Path rulesDir, Options options) throws Invalid, IOException {
        List<Source> d = new ArrayList<>();
        if (Files.isDirectory(decoders)) {
            for (Path p : xmlFiles(decoders)) {
                d.add(read(p));
            }
        } else {
            d.add(read(decoders));
        }
        List<Source> r = new ArrayList<>();
        Path order = rulesDir.resolve("order.txt");
        if (Files.exists(order)) {
            for (String line : Files.readAllLines(order, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    Path p = rulesDir.resolve(name).normalize();
                    if (!p.startsWith(rulesDir.normalize())) {
                        throw new Invalid(List.of(order + ": '" + name + "' is outside the rules folder"));
                    }
                    r.add(read(p));
                }
            }
        } else {
            Path config = rulesDir.resolve("rules_config.xml");
            if (Files.exists(config)) {
                r.add(read(config));
            }
            for (Path p : xmlFiles(rulesDir)) {
                String name = p.getFileName().toString();
                if (!name.equals("rules_config.xml") && !options.exclude().contains(name)) {
                    r.add(read(p));
                }
            }
        }
        Path beside = rulesDir.toAbsolutePath().getParent() == null ? null : rulesDir.toAbsolutePath().getParent().resolve("lists");
        Path lists = options.lists() != null ? options.lists() : beside != null && Files.isDirectory(beside) ? beside : null;
        return of(d, r, options, options.dialect() != null ? options.dialect() : Dialect.of(rulesDir), lists);
    }

    private record Source(String name, String text) {}

    private static List<Path> xmlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static Source read(Path p) throws IOException {
        // OSSEC's files are mostly ASCII with some Latin-1; malformed bytes become replacement characters.
        return new Source(p.getFileName().toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }

    private static Source resource(String name) {
        try (InputStream in = Ruleset.class.getResourceAsStream("/dev/vigil/logs/rules/" + name)) {
            if (in == null) {
                throw new IllegalStateException("built-in ruleset file missing: " + name);
            }
            return new Source(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Ruleset of(List<Source> decoders, List<Source> rules, Options options, Dialect dialect, Path lists)
            throws Invalid {
        Ruleset s = new Ruleset(options.strict(), dialect, lists);
        List<String> problems = new ArrayList<>();
        for (Source d : decoders) {
            try {
                s.decoders.load(d.name(), d.text(), problems, s.warnings);
            } catch (RulesetXml.SyntaxError e) {
                problems.add(e.getMessage());
            }
        }
        for (Source r : rules) {
            try {
                s.rules.load(r.name(), r.text(), s.decoders, problems, s.warnings);
            } catch (RulesetXml.SyntaxError e) {
                problems.add(e.getMessage());
            }
        }
        if (options.strict() && !problems.isEmpty()) {
            throw new Invalid(problems);
        }
        if (s.rules.size() == 0) {
            problems.add(0, "no rule could be loaded");
            throw new Invalid(problems);
        }
        s.skipped.addAll(problems);
        List<LinePattern> patterns = new ArrayList<>();
        s.decoders.messagePatterns(patterns);
        s.rules.messagePatterns(patterns);
        s.literals = LiteralScanner.over(patterns);
        return s;
    }
}

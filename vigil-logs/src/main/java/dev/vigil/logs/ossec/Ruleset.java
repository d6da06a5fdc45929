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
 * A loaded set of OSSEC-format decoders and rules. Loading reports every problem (file and line) and every
 * construct it cannot honour; a set with problems is refused as a whole rather than run half-loaded.
 */
public final class Ruleset {
    /** Vigil's own decoders and rules, shipped in the jar, loaded in this order. */
    private static final List<String> BUILT_IN_DECODERS = List.of("vigil_decoders.xml");
    private static final List<String> BUILT_IN_RULES = List.of("rules_config.xml", "vigil_rules.xml");

    final DecoderSet decoders = new DecoderSet();
    final RuleTree rules = new RuleTree();
    private final List<String> warnings = new ArrayList<>();

    /** The set could not be loaded; the message lists each problem as FILE:LINE: what. */
    public static final class Invalid extends Exception {
        public final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }
    }

    private Ruleset() {}

    /** Constructs that were loaded but cannot do everything they do in OSSEC (e.g. plugin decoders). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public int ruleCount() {
        return rules.size();
    }

    /** Vigil's built-in set. */
    public static Ruleset builtIn() {
        try {
            List<Source> d = new ArrayList<>();
            for (String n : BUILT_IN_DECODERS) {
                d.add(resource(n));
            }
            List<Source> r = new ArrayList<>();
            for (String n : BUILT_IN_RULES) {
                r.add(resource(n));
            }
            return of(d, r);
        } catch (Invalid e) {
            throw new IllegalStateException("the built-in ruleset does not load: " + e.getMessage(), e);
        }
    }

    /**
     * Loads decoders from a file or a directory (its *.xml, by name) and rules from a directory: the files its
     * {@code order.txt} lists, in that order, as OSSEC's default configuration does; without one,
     * {@code rules_config.xml} first and then every *.xml by name.
     */
    public static Ruleset load(Path decoders, Path rulesDir) throws Invalid, IOException {
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
                if (!p.getFileName().toString().equals("rules_config.xml")) {
                    r.add(read(p));
                }
            }
        }
        return of(d, r);
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

    private static Ruleset of(List<Source> decoders, List<Source> rules) throws Invalid {
        Ruleset s = new Ruleset();
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
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return s;
    }
}

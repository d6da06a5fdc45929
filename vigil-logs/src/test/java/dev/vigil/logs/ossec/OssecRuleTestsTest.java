package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of OSSEC's own rule tests ({@code ../shared/rulesets/ossec/tests/*.ini}) through the engine
 * loaded with OSSEC's default ruleset, one fresh analyzer per line as {@code ossec-logtest -U} does, and fails
 * below the pass count the README states as current, so the score only goes up.
 */
class OssecRuleTestsTest {
    static final Path OSSEC = Path.of("..", "..", "shared", "rulesets", "ossec");
    private static final Pattern README_SCORE = Pattern.compile("passes \\*\\*(\\d+) of (\\d+)\\*\\* of OSSEC's rule tests");

    /** One expectation: the line, whether it must pass or must not, and what it should end on. */
    record Case(String file, String section, String line, boolean pass, String rule, String level, String decoder) {}

    static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(OSSEC.resolve("tests"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ini")).sorted().toList()) {
                out.addAll(read(f));
            }
        }
        return out;
    }

    /** configparser's reading as the README describes it: sections merge, the last key wins, values raw. */
    private static List<Case> read(Path f) throws Exception {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 0) {
                continue;
            }
            current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
        }
        List<Case> out = new ArrayList<>();
        for (var s : sections.entrySet()) {
            Map<String, String> kv = s.getValue();
            for (var e : kv.entrySet()) {
                String[] key = e.getKey().split("\\s+");
                if (key.length == 3 && key[0].equals("log") && (key[2].equals("pass") || key[2].equals("fail"))) {
                    out.add(new Case(f.getFileName().toString(), s.getKey(), e.getValue(), key[2].equals("pass"),
                            kv.getOrDefault("rule", ""), kv.getOrDefault("alert", ""), kv.getOrDefault("decoder", "")));
                }
            }
        }
        return out;
    }

    static Ruleset ossecDefault() throws Exception {
        return Ruleset.load(OSSEC.resolve("decoders").resolve("decoder.xml"), OSSEC.resolve("rules"));
    }

    @Test
    void ossecsOwnRuleTestsPassAtLeastAsOftenAsTheReadmeStates() throws Exception {
        Ruleset set = ossecDefault();
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z"));
        Map<String, int[]> perFile = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        List<Case> all = cases();
        for (Case c : all) {
            Verdict v = new Analyzer(set, clock, ZoneOffset.UTC, "vigil-test").analyze(c.line(), "stdin");
            boolean same = String.valueOf(v.rule()).equals(c.rule())
                    && String.valueOf(v.level()).equals(c.level())
                    // As ossec-logtest -U: a line no decoder took never equals an expected decoder, not even "".
                    && v.decoder() != null && v.decoder().equalsIgnoreCase(c.decoder());
            boolean ok = c.pass() == same;
            int[] n = perFile.computeIfAbsent(c.file(), k -> new int[2]);
            n[1]++;
            if (ok) {
                n[0]++;
                passed++;
            } else {
                failures.add(c.file() + " [" + c.section() + "] " + (c.pass() ? "pass" : "fail") + ": expected rule "
                        + c.rule() + " level " + c.level() + " decoder '" + c.decoder() + "', got rule " + v.rule()
                        + " level " + v.level() + " decoder '" + v.decoder() + "'  <- " + c.line().substring(0, Math.min(160, c.line().length())));
            }
        }
        perFile.forEach((f, n) -> System.out.printf("%-22s %3d/%d%n", f, n[0], n[1]));
        System.out.printf("OSSEC rule tests: %d/%d passed%n", passed, all.size());
        failures.forEach(f -> System.out.println("  FAILED " + f));

        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = README_SCORE.matcher(readme);
        assertThat(m.find()).as("the README states the current score as 'passes **N of 261** of OSSEC's rule tests'").isTrue();
        assertThat(all).hasSize(Integer.parseInt(m.group(2)));
        assertThat(passed).as("OSSEC rule tests passed").isGreaterThanOrEqualTo(Integer.parseInt(m.group(1)));
    }
}

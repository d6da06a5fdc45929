package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.time.SimulatedClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine's features on OSSEC's own ruleset, on a simulated clock. */
class AnalyzerTest {
    private static Ruleset ossec;
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-25T12:00:00Z"));

    @BeforeAll
    static void load() throws Exception {
        ossec = OssecRuleTestsTest.ossecDefault();
    }

    private static String failure(String ip) {
        return "Nov 25 12:00:00 web1 sshd[4242]: Failed password for root from " + ip + " port 4711 ssh2";
    }

    @Test
    void frequencyFiresOnTheEighthFailureFromOneAddressAsOssecDoesAndNotAgainRightAfter() {
        Analyzer a = new Analyzer(ossec, clock, ZoneOffset.UTC, "vigil");
        for (int i = 1; i <= 7; i++) {
            Verdict v = a.analyze(failure("192.0.2.7"), "/var/log/auth.log");
            assertThat(v.rule()).as("failure %d", i).isEqualTo(5716);
            assertThat(v.fields()).containsEntry("srcip", "192.0.2.7").containsEntry("dstuser", "root");
            clock.advance(Duration.ofSeconds(5));
        }
        // Another source in between does not count for this one.
        assertThat(a.analyze(failure("198.51.100.9"), "/var/log/auth.log").rule()).isEqualTo(5716);
        Verdict eighth = a.analyze(failure("192.0.2.7"), "/var/log/auth.log");
        assertThat(eighth.rule()).isEqualTo(5720);
        assertThat(eighth.level()).isEqualTo(10);
        assertThat(eighth.evidence()).hasSize(7).allSatisfy(l -> assertThat(l).contains("192.0.2.7"));
        assertThat(a.analyze(failure("192.0.2.7"), "/var/log/auth.log").rule()).as("counted events are not counted twice").isEqualTo(5716);
    }

    @Test
    void eventsOlderThanTheTimeframeDoNotCount() {
        Analyzer a = new Analyzer(ossec, clock, ZoneOffset.UTC, "vigil");
        for (int i = 0; i < 12; i++) {
            assertThat(a.analyze(failure("192.0.2.8"), "x").rule()).isEqualTo(5716);
            clock.advance(Duration.ofSeconds(70)); // 7 failures span more than 360 s
        }
    }

    @Test
    @Timeout(30) // without the budget this pattern runs for hours on this line
    void aPathologicalRegexIsStoppedByTheTimeBudgetAndTheLineStillGetsAVerdict(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("decoders.xml"), "<decoder name=\"any\"><prematch_pcre2>^x</prematch_pcre2></decoder>");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("rules_config.xml"),
                "<group name=\"syslog\"><rule id=\"1\" level=\"0\" noalert=\"1\"><category>syslog</category></rule></group>");
        Files.writeString(rules.resolve("evil.xml"), "<group name=\"evil\"><rule id=\"100\" level=\"5\">"
                + "<pcre2>(.*a){25}x</pcre2><description>catastrophic backtracking</description></rule></group>");
        Ruleset set = Ruleset.load(dir.resolve("decoders.xml"), rules);
        Analyzer a = new Analyzer(set, clock, ZoneOffset.UTC, "vigil");
        // The x the pattern needs is there (so the literal prefilter lets the regex run), but before the a's.
        Verdict v = a.analyze("x" + "a".repeat(40), "x");
        assertThat(v.rule()).isNull();
        assertThat(v.description()).contains("took too long");
        assertThat(a.tooSlow()).isEqualTo(1);
    }

    /** decoders.xml with one good decoder and one whose pattern does not compile; a rules folder with the syslog root. */
    private static Path decodersWithABadOneAndRulesRoot(Path dir, String rootFile) throws Exception {
        Files.writeString(dir.resolve("decoders.xml"), "<decoder name=\"d\">\n  <prematch_pcre2>^x</prematch_pcre2>\n</decoder>\n"
                + "<decoder name=\"bad\">\n  <prematch_pcre2>(unclosed</prematch_pcre2>\n</decoder>\n");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve(rootFile),
                "<group name=\"syslog\"><rule id=\"1\" level=\"0\" noalert=\"1\"><category>syslog</category></rule></group>");
        return rules;
    }

    @Test
    void loadingReportsEveryProblemWithFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = decodersWithABadOneAndRulesRoot(dir, "rules_config.xml");
        Files.writeString(rules.resolve("mine.xml"), "<group name=\"g\">\n<rule id=\"200\" level=\"3\">\n  <if_sid>999</if_sid>\n</rule>\n"
                + "<rule id=\"201\" level=\"3\">\n  <sparkle>yes</sparkle>\n</rule>\n</group>\n");
        assertThatThrownBy(() -> Ruleset.load(dir.resolve("decoders.xml"), rules, Ruleset.Options.STRICT))
                .isInstanceOf(Ruleset.Invalid.class)
                .satisfies(e -> assertThat(((Ruleset.Invalid) e).problems).containsExactly(
                        "decoders.xml:4: decoder 'bad': invalid pattern '(unclosed': Unclosed group",
                        "mine.xml:2: rule 200: if_sid 999 is not a rule loaded before this one",
                        "mine.xml:5: rule 201: unknown element <sparkle>"));
    }

    @Test
    void aLenientLoadSkipsWhatCannotBeUsedWithWhatDependsOnItAndLoadsTheRest(@TempDir Path dir) throws Exception {
        Path rules = decodersWithABadOneAndRulesRoot(dir, "0010-rules_config.xml");
        Files.writeString(rules.resolve("0020-mine.xml"), "<group name=\"g\">\n"
                + "<rule id=\"201\" level=\"3\">\n  <sparkle>yes</sparkle>\n</rule>\n"
                + "<rule id=\"202\" level=\"5\">\n  <if_sid>201</if_sid>\n</rule>\n"
                + "<rule id=\"203\" level=\"4\">\n  <decoded_as>bad</decoded_as>\n</rule>\n"
                + "<rule id=\"210\" level=\"3\">\n  <match>^xfirst</match>\n  <description>first</description>\n</rule>\n"
                + "<rule id=\"211\" level=\"6\">\n  <if_sid>210</if_sid>\n  <match>child</match>\n  <description>child</description>\n</rule>\n"
                + "</group>\n");
        Files.writeString(rules.resolve("0030-later.xml"), "<group name=\"g\">\n"
                + "<rule id=\"210\" level=\"3\">\n  <match>^xnot</match>\n</rule>\n"
                + "<rule id=\"210\" level=\"4\" overwrite=\"yes\">\n  <match>^xsecond</match>\n  <description>second</description>\n</rule>\n"
                + "</group>\n");
        Files.writeString(rules.resolve("0215-policy_rules.xml"), "<group name=\"p\"><rule id=\"300\" level=\"9\"><match>x</match></rule></group>");

        Ruleset set = Ruleset.load(dir.resolve("decoders.xml"), rules);
        assertThat(set.skipped()).containsExactly(
                "decoders.xml:4: decoder 'bad': invalid pattern '(unclosed': Unclosed group",
                "0020-mine.xml:2: rule 201: unknown element <sparkle>",
                "0020-mine.xml:5: rule 202: if_sid 201 names a rule that was skipped",
                "0020-mine.xml:8: rule 203: decoded_as names decoder 'bad', which was skipped");
        assertThat(set.warnings()).contains("0030-later.xml:2: rule id 210 is already defined at 0020-mine.xml:11; "
                + "the first is kept (overwrite=\"yes\" replaces it)");
        assertThat(set.ruleCount()).isEqualTo(3); // 1, 210 (overwritten in place), 211; not 300 (excluded by default)
        Analyzer a = new Analyzer(set, clock, ZoneOffset.UTC, "vigil");
        assertThat(a.analyze("xsecond", "x").description()).isEqualTo("second");
        assertThat(a.analyze("xfirst", "x").rule()).isNull();
        assertThat(a.analyze("xsecond child", "x").description()).as("the children stay below the overwritten rule").isEqualTo("child");
        assertThat(a.analyze("x policy", "x").rule()).isNull();
    }

    @Test
    void unsupportedConstructsAreReportedAtLoadAndNeverMatch() {
        assertThat(ossec.warnings()).anySatisfy(w -> assertThat(w).contains("plugin decoder OSSECAlert_Decoder is not built in"));
        assertThat(ossec.warnings()).anySatisfy(w -> assertThat(w).matches(".*\\.xml:\\d+: rule \\d+ is disabled: <check_diff> is not supported.*"));
    }

    @Test
    @Timeout(120) // a hang guard, not a speed test
    void randomAndMutatedLinesNeverThrowOrHang() throws Exception {
        Analyzer a = new Analyzer(ossec, clock, ZoneOffset.UTC, "vigil");
        Analyzer own = new Analyzer(Ruleset.builtIn(), clock, ZoneOffset.UTC, "vigil");
        java.util.List<String> seeds = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(
                OssecRuleTestsTest.OSSEC.resolve("tests").resolve("sshd.ini")));
        seeds.addAll(java.nio.file.Files.readAllLines(OssecRuleTestsTest.OSSEC.resolve("tests").resolve("web_rules.ini")));
        seeds.removeIf(l -> !l.startsWith("log "));
        java.util.Random r = new java.util.Random(6);
        String alphabet = "<>[]()\\\"'= :;/.-_%$^*+?{}|\u00e9\uFFFD\u0000\t0123456789abcXYZ";
        for (int i = 0; i < 30_000; i++) {
            String line;
            if (i % 3 == 0) {
                StringBuilder b = new StringBuilder();
                for (int k = r.nextInt(300); k > 0; k--) {
                    b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                line = b.toString();
            } else {
                StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
                b.delete(0, b.indexOf("=") + 1);
                for (int e = r.nextInt(10); e > 0 && b.length() > 0; e--) {
                    int at = r.nextInt(b.length());
                    switch (r.nextInt(3)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        default -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
                line = b.toString().strip();
            }
            Verdict v = (i % 2 == 0 ? a : own).analyze(line, "fuzz");
            assertThat(v.fields()).isNotNull();
            clock.advance(Duration.ofMillis(10));
        }
    }
}

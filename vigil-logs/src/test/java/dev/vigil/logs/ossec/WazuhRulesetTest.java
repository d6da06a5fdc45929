package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Wazuh's ruleset ({@code ../shared/rulesets/wazuh}, 4,512 rules, loaded as Wazuh loads it): it loads leniently,
 * what is skipped stays within a ceiling that only goes down as constructs are supported, and every line gets a
 * verdict.
 */
class WazuhRulesetTest {
    static final Path WAZUH = Path.of("..", "..", "shared", "rulesets", "wazuh");
    /** Lower this as support grows; never raise it. */
    private static final int MOST_SKIPPED = 3758;

    @Test
    void theWholeSetLoadsWithWhatCannotBeUsedSkippedAndReported() throws Exception {
        Ruleset set = Ruleset.load(WAZUH.resolve("decoders"), WAZUH.resolve("rules"));
        assertThat(set.ruleCount()).isGreaterThan(1000);
        assertThat(set.skipped()).hasSizeLessThanOrEqualTo(MOST_SKIPPED)
                .allSatisfy(p -> assertThat(p).matches("[0-9A-Za-z_.-]+\\.xml:\\d+: .+"));
        // 0215-policy_rules.xml is left out, as Wazuh's default configuration does.
        assertThat(set.skipped()).noneMatch(p -> p.startsWith("0215-policy_rules.xml"));

        Analyzer a = new Analyzer(set, InstantSource.fixed(Instant.parse("2026-12-02T01:02:37Z")), ZoneOffset.UTC, "vigil");
        Verdict v = a.analyze("Dec  2 01:02:37 shop sshd[4100]: Accepted password for deploy from 203.0.113.5 port 50123 ssh2", "stdin");
        assertThat(v.decoder()).isEqualTo("sshd");
        assertThat(v.rule()).isEqualTo(5715);
        assertThat(v.level()).isEqualTo(3);
        assertThat(v.mitre()).containsExactly("T1078", "T1021");
    }
}

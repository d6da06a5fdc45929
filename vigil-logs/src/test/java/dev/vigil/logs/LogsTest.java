package dev.vigil.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.logs.config.LogsPlan;
import dev.vigil.logs.config.LogsReader;
import dev.vigil.logs.ossec.Ruleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs capability on its own, on simulated time with the in-memory event log and saved-search store. */
class LogsTest {
    private static final Path WAZUH = Path.of("..", "..", "shared", "rulesets", "wazuh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static LogsPlan plan(String yaml) throws Exception {
        ConfigErrors errors = new ConfigErrors();
        ConfigNode root = YamlFiles.parse(yaml, "vigil.yml");
        LogsPlan plan = LogsReader.read(((ConfigNode.Mapping) root).get("logs").orElseThrow(), errors);
        errors.throwIfAny();
        return plan;
    }

    @Test
    void aRulesetEntryWithoutItsRulesOrWithAnUnknownKeyIsAClearConfigError() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        ConfigNode root = YamlFiles.parse("""
                logs:
                  rulesets:
                    - {decoders: /var/ossec/ruleset/decoders}
                    - {decoders: /d, rules: /r, dialect: splunk, colour: blue}
                  lists: /var/ossec/etc/lists
                """, "vigil.yml");
        LogsReader.read(((ConfigNode.Mapping) root).get("logs").orElseThrow(), errors);
        assertThat(errors.list()).extracting(Object::toString)
                .anyMatch(e -> e.contains("'decoders' and 'rules' go together"))
                .anyMatch(e -> e.contains("'dialect' must be wazuh or ossec"))
                .anyMatch(e -> e.contains("colour"))
                .anyMatch(e -> e.contains("'logs.lists' goes with 'logs.decoders'"));
        // strict, exclude and dialect at the top are the defaults of every stacked set.
        LogsPlan plan = plan("""
                logs:
                  strict: true
                  dialect: wazuh
                  rulesets:
                    - {decoders: /a/decoders, rules: /a/rules}
                    - {decoders: /b/decoders, rules: /b/rules, strict: false, exclude: []}
                """);
        assertThat(plan.rulesets()).extracting(LogsPlan.RulesetSource::strict).containsExactly(true, false);
        assertThat(plan.rulesets()).extracting(LogsPlan.RulesetSource::dialect).containsOnly(Ruleset.Dialect.WAZUH);
        assertThat(plan.rulesets().get(1).exclude()).isEmpty();
    }

    @Test
    void wazuhsRulesetStacksWithVigilsOwnAndTheHighestVerdictOfEachLineWins() throws Exception {
        SimulatedScheduler scheduler = new SimulatedScheduler(Instant.now());
        InMemoryEventLog events = new InMemoryEventLog();
        Path auth = dir.resolve("auth.log");
        Files.writeString(auth, "");
        LogsPlan plan = plan("""
                logs:
                  files: [{path: "%s", from_beginning: true}]
                  journald: false
                  alert_level: 2
                  rulesets:
                    - {decoders: "%s/decoders", rules: "%s/rules", lists: "%s/lists"}
                """.formatted(auth, WAZUH, WAZUH, WAZUH));
        assertThat(plan.rulesets()).singleElement().satisfies(r -> assertThat(r.lists()).isEqualTo(WAZUH.resolve("lists")));
        try (Logs logs = new Logs(scheduler, Runnable::run, dir.resolve("data"), "shop", events, new InMemorySavedSearchStore())) {
            List<String> problems = logs.apply(plan, "shop", null);
            assertThat(problems).noneMatch(p -> p.contains("does not load"));
            logs.start(plan, "shop", null);
            StringBuilder lines = new StringBuilder();
            // The eighth failure ends on Vigil's story rule and on Wazuh's 5763, both level 10: the tie goes to Vigil.
            for (int i = 0; i < 8; i++) {
                lines.append("Dec  2 01:02:").append(10 + i)
                        .append(" shop sshd[2519]: Failed password for root from 172.18.1.100 port 4304").append(i).append(" ssh2\n");
            }
            // Wazuh rates the OOM killer 12 (its 5108), above Vigil's own rule for it: Wazuh's verdict wins.
            lines.append("Dec  2 01:03:00 shop kernel: [123.4] Out of memory: Killed process 4242 (php-fpm) total-vm:2048000kB\n");
            // Only Wazuh's set reads GCP's JSON (its 65075, level 2).
            lines.append("{\"integration\": \"gcp\", \"gcp\": {\"bucket\": \"bucket_name\", \"storage_byte_hours\": \"15674\"}}\n");
            Files.writeString(auth, lines);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.after(0, 50).stream().anyMatch(l -> l.event().details().contains("Rule 65075")));
            List<String> details = events.after(0, 50).stream().map(l -> l.event().details()).toList();
            assertThat(details).anyMatch(t -> t.startsWith("Rule 100122, level 10") && t.contains("172.18.1.100 port 43047"));
            assertThat(details).noneMatch(t -> t.startsWith("Rule 5763"));
            assertThat(details).anyMatch(t -> t.startsWith("Rule 5108, level 12") && t.contains("Out of memory"));
            assertThat(details).anyMatch(t -> t.startsWith("Rule 65075, level 2"));
        }
    }

    @Test
    void aSavedSearchFromTheDashboardAlertsOnceOverItsThresholdAndRecoversUnderIt() throws Exception {
        SimulatedScheduler scheduler = new SimulatedScheduler(Instant.now());
        InMemoryEventLog events = new InMemoryEventLog();
        InMemorySavedSearchStore saved = new InMemorySavedSearchStore();
        saved.save(new SavedSearchStore.Saved("bad gateways", "502", 2, Duration.ofMinutes(10), "alice"));
        Path access = dir.resolve("access.log");
        Files.writeString(access, "");
        LogsPlan plan = new LogsPlan(List.of(new LogsPlan.FileSource(List.of(access.toString()), null, true)), null, false,
                null, List.of(), 7, Duration.ofDays(30), Duration.ofHours(1), List.of());
        try (Logs logs = new Logs(scheduler, Runnable::run, dir.resolve("data"), "shop", events, saved)) {
            logs.start(plan, "shop", null);
            String at = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
            String line = "192.0.2.1 - - [" + at + "] \"GET / HTTP/1.1\" 502 120 \"-\" \"curl\"\n";
            Files.writeString(access, line.repeat(3));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    logs.index().count("502", Instant.EPOCH, Instant.now().plusSeconds(3600)) >= 3);
            logs.evaluateSavedSearches();
            logs.evaluateSavedSearches(); // still over: nothing new
            assertThat(events.after(0, 10)).extracting(l -> l.event().kind().id(), l -> l.event().title())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("problem", "'bad gateways': 3 log lines in 10m (more than 2)"));
            scheduler.advance(Duration.ofMinutes(11)); // the lines leave the window
            logs.evaluateSavedSearches();
            assertThat(events.after(1, 10)).extracting(l -> l.event().kind().id()).containsExactly("recovery");
            assertThat(logs.savedSearches()).extracting(LogsPlan.SavedSearch::name).containsExactly("bad gateways");
        }
    }
}

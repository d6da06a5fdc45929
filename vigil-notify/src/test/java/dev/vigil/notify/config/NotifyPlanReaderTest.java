package dev.vigil.notify.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.ConfigError;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.core.config.YamlFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyPlanReaderTest {
    private static NotifyPlan read(String yaml, ConfigErrors errors, Map<String, String> env) throws Exception {
        NotifyPlanReader reader = new NotifyPlanReader(errors, env);
        reader.addFile(new Section((ConfigNode.Mapping) YamlFiles.parse(yaml, "vigil.yml"), errors));
        return reader.build();
    }

    @Test
    void readsReceiversRoutesPeriodsEscalationAndSecretsFromTheEnvironment() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        NotifyPlan plan = read("""
                smtp: {host: mail.example.com, from: vigil@example.com, username: vigil, password: "env:SMTP_PW"}
                receivers:
                  - name: ops
                    email: {to: [ops@example.com]}
                    webhook: {url: "https://hooks.example.com/x", secret: "env:HOOK_SECRET"}
                    period: {days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", timezone: Europe/Berlin}
                  - name: boss
                    ntfy: {url: "https://ntfy.sh/boss"}
                routes:
                  - match: {severity: CRITICAL}
                    receiver: ops
                    group_by: [host]
                    escalate: [{after: 30m, receiver: boss}]
                    routes:
                      - match_re: {service: "postgres.*"}
                        receiver: boss
                  - receiver: ops
                inhibit_rules:
                  - source_match: {service: power}
                    target_match_re: {host: "rack1-.*"}
                """, errors, Map.of("SMTP_PW", "pw", "HOOK_SECRET", "hs"));
        assertThat(errors.list()).isEmpty();
        assertThat(plan.receivers().get("ops").channels()).extracting(c -> c.type()).containsExactly("email", "webhook");
        assertThat(plan.receivers().get("ops").period().zone().getId()).isEqualTo("Europe/Berlin");
        Route critical = plan.routes().get(0);
        assertThat(critical.groupBy()).containsExactly("host");
        assertThat(critical.escalations()).singleElement().satisfies(e -> assertThat(e.receiver()).isEqualTo("boss"));
        assertThat(critical.routes()).singleElement().satisfies(r -> assertThat(r.groupBy()).containsExactly("host"));
        assertThat(plan.inhibitRules()).hasSize(2);
    }

    @Test
    void invalidRoutesUnknownReceiversAndMissingSecretsAreErrorsWithLines() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        read("""
                receivers:
                  - name: ops
                    webhook: {url: "env:NOT_SET"}
                  - name: mail
                    email: {to: [not-an-address]}
                  - name: empty
                routes:
                  - receiver: nobody
                  - receiver: ops
                    group_wait: soon
                    match_re: {host: "(unclosed"}
                """, errors, Map.of());
        List<String> messages = errors.sorted().stream().map(ConfigError::toString).toList();
        assertThat(messages).anyMatch(m -> m.startsWith("vigil.yml:3:") && m.contains("NOT_SET is not set"));
        assertThat(messages).anyMatch(m -> m.contains("e-mail needs an 'smtp:' section"));
        assertThat(messages).anyMatch(m -> m.startsWith("vigil.yml:6:") && m.contains("receiver 'empty' has no channel"));
        assertThat(messages).anyMatch(m -> m.startsWith("vigil.yml:8:") && m.contains("unknown receiver 'nobody'"));
        assertThat(messages).anyMatch(m -> m.startsWith("vigil.yml:10:") && m.contains("invalid duration 'soon'"));
        assertThat(messages).anyMatch(m -> m.startsWith("vigil.yml:11:") && m.contains("invalid regular expression"));
    }
}

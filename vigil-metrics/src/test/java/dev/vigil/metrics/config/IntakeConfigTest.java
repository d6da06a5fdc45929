package dev.vigil.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.ConfigError;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.metrics.intake.IntakeSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code intake:} as users write it, and the errors they get with the line. */
class IntakeConfigTest {
    private static IntakeSettings read(String yaml, ConfigErrors errors) throws Exception {
        var root = (dev.vigil.core.config.ConfigNode.Mapping) YamlFiles.parse(yaml, "vigil.yml");
        return CollectorsReader.intake(root.entries().get("intake"), errors);
    }

    @Test
    void listenersAndStatsdSettingsReadAndMistakesAreErrorsWithTheirLine() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        IntakeSettings s = read("intake: {graphite: 127.0.0.1:2003, statsd: '[::1]:8125', host: apps, statsd_flush: 5s, percentiles: [90, 99.9]}",
                errors);
        assertThat(errors.list()).isEmpty();
        assertThat(s).isEqualTo(new IntakeSettings("127.0.0.1:2003", "[::1]:8125", "apps", Duration.ofSeconds(5), List.of(90d, 99.9), 10_000));
        assertThat(CollectorsReader.intake(null, errors).any()).isFalse();
        ConfigErrors bad = new ConfigErrors();
        read("""
                intake:
                  graphite: 2003
                  statsd_flush: 0s
                  percentiles: [0, 150]
                  max_series: 0
                  statd: 127.0.0.1:8125
                """, bad);
        List<String> messages = bad.list().stream().map(ConfigError::toString).toList();
        assertThat(messages).anyMatch(m -> m.contains("vigil.yml:2") && m.contains("'graphite' must be HOST:PORT"));
        assertThat(messages).anyMatch(m -> m.contains("vigil.yml:3") && m.contains("'statsd_flush' must be between 1s and 1h"));
        assertThat(messages).anyMatch(m -> m.contains("vigil.yml:4") && m.contains("found '0'"));
        assertThat(messages).anyMatch(m -> m.contains("vigil.yml:5") && m.contains("'max_series' must be between"));
        assertThat(messages).anyMatch(m -> m.contains("vigil.yml:6") && m.contains("statd"));
    }
}

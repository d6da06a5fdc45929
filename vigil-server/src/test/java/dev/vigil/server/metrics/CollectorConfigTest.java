package dev.vigil.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.RunningVigil;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A `collectors:` entry in the config polls Debian's real node exporter into the host's series. */
class CollectorConfigTest {
    @TempDir
    Path dir;

    private dev.vigil.metrics.collect.prometheus.NodeExporterProcess exporter;
    private RunningVigil vigil;

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void nodeExporterSeriesAppearOnTheConfiguredHost() throws Exception {
        exporter = new dev.vigil.metrics.collect.prometheus.NodeExporterProcess();
        int port = exporter.port();
        vigil = new RunningVigil(dir, """
                collectors:
                  - {type: prometheus, host: shop, url: "http://127.0.0.1:%d/metrics", interval: 1s}
                """.formatted(port));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                vigil.vigil.metrics().store().info(new SeriesKey("shop", "node_load1")).isPresent()
                        && vigil.vigil.metrics().store().series("shop").stream().anyMatch(i -> i.key().name().startsWith("node_cpu_seconds_total")));
        assertThat(vigil.vigil.metrics().store().info(new SeriesKey("shop", "node_load1")).orElseThrow().source()).isEqualTo("prometheus");
    }

    @Test
    void aMetricAlertRaisesAnEventThroughTheSamePathAsChecks() throws Exception {
        vigil = new RunningVigil(dir, """
                metric_alerts:
                  - {name: load.1min, warning: -1, for: 0s}
                """);
        await().atMost(Duration.ofSeconds(15)).until(() -> vigil.vigil.events().newest("shop", java.time.Instant.EPOCH, 50)
                .stream().anyMatch(e -> e.event().source().equals("metric") && e.event().kind().id().equals("problem")));
        var event = vigil.vigil.events().newest("shop", java.time.Instant.EPOCH, 50).stream()
                .filter(e -> e.event().source().equals("metric")).findFirst().orElseThrow().event();
        assertThat(event.title()).isEqualTo("load.1min on shop is above -1");
        assertThat(event.severity()).isEqualTo(dev.vigil.core.event.Severity.WARNING);
    }
}

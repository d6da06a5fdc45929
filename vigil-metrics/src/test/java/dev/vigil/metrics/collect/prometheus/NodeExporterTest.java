package dev.vigil.metrics.collect.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.Collector;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scrapes Debian's real prometheus-node-exporter, started by the test on loopback. */
class NodeExporterTest {
    @Test
    void scrapesGaugesAndTurnsCountersIntoRates() throws Exception {
        try (NodeExporterProcess exporter = new NodeExporterProcess()) {
            int port = exporter.port();
            PrometheusCollector c = new PrometheusCollector("local", URI.create("http://127.0.0.1:" + port + "/metrics"), 10_000);
            List<Collector.Reading> first = c.collect(Instant.now());
            assertThat(first).anySatisfy(r -> assertThat(r.info().key().name()).isEqualTo("node_load1"));
            Thread.sleep(1100);
            List<Collector.Reading> second = c.collect(Instant.now());
            assertThat(second).anySatisfy(r -> {
                assertThat(r.info().key().name()).startsWith("node_cpu_seconds_total.cpu=0.mode=idle");
                assertThat(r.info().unit()).isEqualTo("/s");
                assertThat(r.value()).isBetween(0.0, 1.5);
            });
        }
    }
}

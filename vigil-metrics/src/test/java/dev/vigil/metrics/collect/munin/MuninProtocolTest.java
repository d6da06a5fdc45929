package dev.vigil.metrics.collect.munin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MuninProtocolTest {
    @Test
    void configAndFetchIncludingMultigraphTypesAndThresholds() {
        var fields = MuninCollector.parseConfig("if_eth0", List.of(
                "graph_title eth0 traffic", "graph_vlabel bits in (-) / out (+) per ${graph_period}",
                "down.label received", "down.type DERIVE", "down.min 0", "up.label bps", "up.type DERIVE",
                "up.warning 80000000", "up.critical 10:95000000",
                "multigraph diskstats_latency", "graph_vlabel seconds", "sda.label sda", "sda.type GAUGE"));
        assertThat(fields).hasSize(3);
        var up = fields.get("if_eth0\u0000up");
        assertThat(up.type()).isEqualTo("DERIVE");
        assertThat(up.warning()).isEqualTo(80_000_000);
        assertThat(up.critical()).isEqualTo(95_000_000);
        assertThat(up.vlabel()).isEqualTo("bits in (-) / out (+) per s");
        assertThat(fields.get("diskstats_latency\u0000sda").graph()).isEqualTo("diskstats_latency");

        var values = MuninCollector.parseFetch("if_eth0", List.of("down.value 123", "up.value 1395066363:456",
                "garbage", "bad.value x", "missing.value U", "multigraph diskstats_latency", "sda.value 0.004"));
        assertThat(values.get("if_eth0\u0000down")).isEqualTo(123);
        assertThat(values.get("if_eth0\u0000up")).isEqualTo(456);
        assertThat(values.get("if_eth0\u0000missing")).isNaN();
        assertThat(values).doesNotContainKey("if_eth0\u0000bad");
        assertThat(values.get("diskstats_latency\u0000sda")).isEqualTo(0.004);
    }
}

package dev.vigil.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InfluxDB's line protocol with its escapes, field types and precisions, from its documentation's examples. */
class InfluxLineTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void escapesFieldTypesAndPrecisions() {
        var l = InfluxLine.parse("my\\ measurement,tag\\ key=tag\\,value,host=db1 f=1.5,i=-12i,u=12u,b=t,s=\"a \\\"quoted\\\" , string\" 1556813561098000000");
        assertThat(l.measurement()).isEqualTo("my measurement");
        assertThat(l.tags()).containsExactly(Map.entry("tag key", "tag,value"), Map.entry("host", "db1"));
        assertThat(l.fields()).containsExactly(Map.entry("f", 1.5), Map.entry("i", -12.0), Map.entry("u", 12.0), Map.entry("b", 1.0));
        assertThat(l.at("ns", NOW)).isEqualTo(Instant.parse("2019-05-02T16:12:41.098Z"));
        assertThat(InfluxLine.parse("m v=1 1556813561").at("s", NOW)).isEqualTo(Instant.ofEpochSecond(1556813561));
        assertThat(InfluxLine.parse("m v=1 1556813561000").at("ms", NOW)).isEqualTo(Instant.ofEpochSecond(1556813561));
        assertThat(InfluxLine.parse("m v=1").at("ns", NOW)).isEqualTo(NOW);
        for (String bad : new String[] {"", "m", "m v", "m v=", "m v=abc", "m,t v=1", "m v=1 yesterday", "m v=1 1 2", "m v=-3u", "m v=\"open"}) {
            assertThatThrownBy(() -> InfluxLine.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package dev.vigil.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graphite's and StatsD's lines as their clients write them, and what is refused. */
class LinesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void graphiteLinesWithTheirOwnTimestampsAndTags() {
        var g = GraphiteLine.parse("servers.shop.load 2.5 1764504000", NOW);
        assertThat(g.name()).isEqualTo("servers.shop.load");
        assertThat(g.value()).isEqualTo(2.5);
        assertThat(g.at()).isEqualTo(Instant.ofEpochSecond(1764504000));
        assertThat(GraphiteLine.parse("a.b 1", NOW).at()).isEqualTo(NOW);
        assertThat(GraphiteLine.parse("a.b 1 -1", NOW).at()).isEqualTo(NOW);
        var tagged = GraphiteLine.parse("disk.used;host=db1;mount=/var 42 1764504000.5", NOW);
        assertThat(tagged.tags()).containsExactly(Map.entry("host", "db1"), Map.entry("mount", "/var"));
        assertThat(tagged.at()).isEqualTo(Instant.ofEpochMilli(1764504000500L));
        assertThat(Tags.name(tagged.name(), tagged.tags())).isEqualTo("disk.used,mount=/var");
        for (String bad : new String[] {"", "just.a.name", "a.b x", "a.b 1 yesterday", "a.b NaN", "a.b 1 2 3", "a;notatag 1"}) {
            assertThatThrownBy(() -> GraphiteLine.parse(bad, NOW)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void statsdAndDogStatsdLines() {
        var t = StatsdLine.parse("shop.checkout.time:320|ms|#env:prod,canary");
        assertThat(t.type()).isEqualTo(StatsdLine.Type.TIMER);
        assertThat(t.value()).isEqualTo(320);
        assertThat(t.tags()).containsExactly(Map.entry("env", "prod"), Map.entry("canary", "true"));
        var c = StatsdLine.parse("page.views:3|c|@0.1");
        assertThat(c.rate()).isEqualTo(0.1);
        assertThat(StatsdLine.parse("queue.depth:-4|g").delta()).isTrue();
        assertThat(StatsdLine.parse("queue.depth:4|g").delta()).isFalse();
        assertThat(StatsdLine.parse("users:alice|s").member()).isEqualTo("alice");
        assertThat(StatsdLine.parse("latency:1.5|h").type()).isEqualTo(StatsdLine.Type.TIMER);
        assertThat(StatsdLine.parse("latency:1.5|d").type()).isEqualTo(StatsdLine.Type.TIMER);
        for (String bad : new String[] {"nocolon|c", "x:1", "x:1|q", "x:abc|c", "x:1|c|@2", "x:1|c|@zero", ":1|c"}) {
            assertThatThrownBy(() -> StatsdLine.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Tags.name("x", Map.of("env", "a b"))).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.vigil.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.metrics.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** StatsD's aggregation against values worked out by hand and percentiles computed exactly from the same samples. */
class StatsdAggregatorTest {
    private static final Instant AT = Instant.parse("2026-12-03T12:00:10Z");
    private final Map<String, Double> out = new LinkedHashMap<>();
    private final Recorder recorder = (info, at, value) -> out.put(info.key().host() + " " + info.key().name(), value);

    @Test
    void countersGaugesSetsAndTimersAsStatsdFlushesThem() {
        StatsdAggregator a = new StatsdAggregator("apps", List.of(50d, 95d, 99d), 100);
        a.add(StatsdLine.parse("page.views:3|c"));
        a.add(StatsdLine.parse("page.views:1|c|@0.5")); // counts as 2
        a.add(StatsdLine.parse("queue.depth:10|g"));
        a.add(StatsdLine.parse("queue.depth:-4|g"));
        a.add(StatsdLine.parse("users:alice|s"));
        a.add(StatsdLine.parse("users:bob|s"));
        a.add(StatsdLine.parse("users:alice|s"));
        a.add(StatsdLine.parse("checkout.time:100|ms|#env:prod,host:web1"));
        a.add(StatsdLine.parse("checkout.time:300|ms|#env:prod,host:web1"));
        a.flush(recorder, AT, Duration.ofSeconds(10));
        assertThat(out).containsEntry("apps page.views.count", 5.0).containsEntry("apps page.views.rate", 0.5)
                .containsEntry("apps queue.depth", 6.0).containsEntry("apps users.count", 2.0)
                .containsEntry("web1 checkout.time.count,env=prod", 2.0).containsEntry("web1 checkout.time.mean,env=prod", 200.0)
                .containsEntry("web1 checkout.time.min,env=prod", 100.0).containsEntry("web1 checkout.time.max,env=prod", 300.0)
                .containsEntry("web1 checkout.time.p50,env=prod", 100.0).containsEntry("web1 checkout.time.p99,env=prod", 300.0);
        // The next interval starts empty; a gauge keeps its value for the next + or -.
        out.clear();
        a.add(StatsdLine.parse("queue.depth:+1|g"));
        a.flush(recorder, AT.plusSeconds(10), Duration.ofSeconds(10));
        assertThat(out).containsOnlyKeys("apps queue.depth").containsEntry("apps queue.depth", 7.0);
    }

    @Test
    void timerPercentilesAreTheExactNearestRankOfTheIntervalsValues() {
        StatsdAggregator a = new StatsdAggregator("apps", List.of(50d, 90d, 99d), 100);
        Random r = new Random(7);
        double[] values = new double[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(Math.abs(r.nextGaussian()) * 1000) / 10.0;
            a.add(StatsdLine.parse("api.time:" + values[i] + "|ms"));
        }
        a.flush(recorder, AT, Duration.ofSeconds(10));
        Arrays.sort(values);
        for (int p : new int[] {50, 90, 99}) {
            double exact = values[(int) Math.ceil(p / 100.0 * values.length) - 1];
            assertThat(out.get("apps api.time.p" + p)).as("p" + p).isCloseTo(exact, within(1e-9));
        }
        assertThat(out.get("apps api.time.mean")).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-6));
    }

    @Test
    void memoryIsBoundedByTheSeriesAnIntervalMayHave() {
        StatsdAggregator a = new StatsdAggregator("apps", List.of(50d), 3);
        for (int i = 0; i < 10; i++) {
            a.add(StatsdLine.parse("m" + i + ":1|c"));
        }
        assertThat(a.dropped()).isEqualTo(7);
        a.flush(recorder, AT, Duration.ofSeconds(10));
        assertThat(out).hasSize(6); // three counters, each .count and .rate
    }
}

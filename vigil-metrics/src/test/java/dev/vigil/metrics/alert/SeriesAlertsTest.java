package dev.vigil.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.forecast.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesAlertsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T04:00:00Z");
    private final List<Event> events = new ArrayList<>();
    private final SeriesInfo cpu = SeriesInfo.of(new SeriesKey("shop", "cpu.user"), "%", "local");

    @Test
    void aLevelCountsOnlyAfterItHeldForTheRulesDurationAndRecoversOnce() {
        SeriesAlerts alerts = new SeriesAlerts(List.of(new ThresholdRule(null, "cpu.user", 80, 95, Duration.ofMinutes(10), false)),
                Duration.ofDays(14), events::addAll);
        alerts.sample(cpu, T0, 97);
        alerts.sample(cpu, T0.plusSeconds(300), 98);
        alerts.sample(cpu, T0.plusSeconds(420), 20); // a 7-minute spike: nothing
        assertThat(events).isEmpty();
        for (int m = 10; m <= 25; m++) {
            alerts.sample(cpu, T0.plusSeconds(60L * m), 96);
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind().id()).isEqualTo("problem");
            assertThat(e.title()).isEqualTo("cpu.user on shop is above 95 for 10m");
            assertThat(e.source()).isEqualTo("metric");
        });
        for (int m = 26; m <= 40; m++) {
            alerts.sample(cpu, T0.plusSeconds(60L * m), 10);
        }
        assertThat(events).extracting(e -> e.kind().id()).containsExactly("problem", "recovery");
    }

    @Test
    void aReloadKeepsTheStateOfUnchangedRulesAndClosesWhatARemovedRuleRaised() {
        ThresholdRule cpuRule = new ThresholdRule(null, "cpu.user", 80, 95, Duration.ofMinutes(1), false);
        ThresholdRule loadRule = new ThresholdRule("shop", "load.1min", 4, 8, Duration.ZERO, false);
        SeriesAlerts alerts = new SeriesAlerts(List.of(cpuRule, loadRule), Duration.ofDays(14), events::addAll);
        SeriesInfo load = SeriesInfo.of(new SeriesKey("shop", "load.1min"), "", "local");
        alerts.sample(cpu, T0, 97);
        alerts.sample(cpu, T0.plusSeconds(120), 97);
        alerts.sample(load, T0.plusSeconds(120), 9);
        assertThat(events).extracting(e -> e.kind().id()).containsExactly("problem", "problem");

        // Reloaded with the cpu rule unchanged (an equal record) and the load rule gone.
        alerts.apply(List.of(new ThresholdRule(null, "cpu.user", 80, 95, Duration.ofMinutes(1), false)), Duration.ofDays(7),
                T0.plusSeconds(150));
        alerts.sample(cpu, T0.plusSeconds(180), 97);
        alerts.sample(load, T0.plusSeconds(180), 9);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).kind().id()).isEqualTo("recovery");
        assertThat(events.get(2).title()).isEqualTo("load.1min on shop is no longer watched by that rule");
    }

    @Test
    void aFillingDiskWarnsWithinTheHorizonAndOnlyOnce() {
        SeriesAlerts alerts = new SeriesAlerts(List.of(), Duration.ofDays(14), events::addAll);
        SeriesInfo disk = SeriesInfo.of(new SeriesKey("db", "disk./.percent"), "%", "local").asCapacity(100);
        Forecast nine = new Forecast("linear", 9.3, T0.plus(Duration.ofDays(9)), T0.plus(Duration.ofDays(8)), T0.plus(Duration.ofDays(11)), 1, 90, 100, List.of());
        alerts.forecast(disk, nine, T0);
        alerts.forecast(disk, nine, T0.plusSeconds(3600));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.title()).isEqualTo("disk./.percent on db will be full in 9.3 days"));
        alerts.forecast(disk, new Forecast("linear", null, null, null, null, 0, 50, 100, List.of()), T0.plus(Duration.ofDays(1)));
        assertThat(events).extracting(e -> e.kind().id()).containsExactly("problem", "recovery");
    }
}

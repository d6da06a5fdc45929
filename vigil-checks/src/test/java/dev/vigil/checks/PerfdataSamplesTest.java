package dev.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.system.SystemCheck;
import dev.vigil.core.event.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfdataSamplesTest {
    private static final Instant T = Instant.parse("2026-12-02T04:30:00Z");

    @Test
    void aChecksOwnNumbersAreServiceLabelWithTheirThresholdsAndCapacity() {
        CheckResult r = new CheckResult(ServiceState.OK, "HTTP OK", "", List.of(
                new PerfValue("time", 0.25, "s", "1", "@2:3", 0.0, null),
                new PerfValue("used", 40.0, "%", "80", "0:90", null, null),
                new PerfValue("pending", null, "", null, null, null, null)));
        List<Sample> samples = PerfdataSamples.of(Target.service("shop", "web"), null, r, T);
        assertThat(samples).extracting(Sample::name).containsExactly("web.time", "web.used");
        assertThat(samples.get(0)).satisfies(s -> {
            assertThat(s.warning()).isEqualTo(1.0);
            assertThat(s.critical()).isNaN(); // an inside range (@) has no single line to draw
            assertThat(s.capacity()).isFalse();
            assertThat(s.source()).isEqualTo("perfdata");
        });
        assertThat(samples.get(1)).satisfies(s -> {
            assertThat(s.critical()).isEqualTo(90.0);
            assertThat(s.max()).isEqualTo(100.0);
            assertThat(s.capacity()).isTrue();
        });
        assertThat(PerfdataSamples.of(Target.host("shop"), null, r, T)).extracting(Sample::name).first().isEqualTo("host.time");
    }

    @Test
    void aMachineMeasurementTakesTheCollectorsName() {
        var load = new SystemCheck(new SystemCheck.Config(SystemCheck.Metric.LOAD, "4,4,4", "8,8,8", null, null, null, null));
        CheckResult r = new CheckResult(ServiceState.OK, "LOAD OK", "", List.of(new PerfValue("load1", 0.5, "", "4", "8", 0.0, null)));
        assertThat(PerfdataSamples.of(Target.service("shop", "load"), load, r, T)).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("load.1min");
            assertThat(s.source()).isEqualTo("check");
            assertThat(s.warning()).isEqualTo(4.0);
        });
    }
}

package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.apm.derive.Operations;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApmPagesTest {
    private static Operations.Figures minute(double p95) {
        return new Operations.Figures("shop", "shop", 60, 1.0, 0, 10, p95, 99, 1.0);
    }

    @Test
    void aSparklineSkipsMinutesWithoutAValueAndScalesToItsLargest() {
        Model.Spark s = ApmPages.spark(List.of(minute(10), minute(Double.NaN), minute(20), minute(40)), Operations.Figures::p95, "ms p95");
        assertThat(s.points()).isEqualTo("0.0,14.5 66.7,10.0 100.0,1.0");
        assertThat(s.label()).isEqualTo("ms p95 over the last 4 minute(s): 10.00 to 40.00");
        assertThat(ApmPages.spark(List.of(), Operations.Figures::p95, "ms p95").label()).isEqualTo("no history yet");
    }
}

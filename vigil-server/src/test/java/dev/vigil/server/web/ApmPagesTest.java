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

    private static Operations.Figures figures(String service, String name, double errorRate) {
        return new Operations.Figures(service, name, 60, 1.0, errorRate, 10, 20, 30, 1.0);
    }

    @Test
    void theServiceMapPutsCallersLeftOfWhatTheyCallAndMarksFailingCalls() {
        var services = List.of(figures("shop", "shop", 0.2), figures("payments", "payments", 0), figures("cron", "cron", 0));
        var calls = List.of(figures("shop", "payments", 0.1), figures("payments", "postgresql", 0), figures("shop", "redis", 0),
                figures("cron", "shop", 0), figures("payments", "shop", 0)); // a loop back must not push boxes off forever
        Model.ServiceMap map = ServiceMap.of(services, calls);
        java.util.Map<String, Model.MapNode> nodes = new java.util.HashMap<>();
        map.nodes().forEach(n -> nodes.put(n.name(), n));
        assertThat(nodes.keySet()).containsExactlyInAnyOrder("shop", "payments", "cron", "postgresql", "redis");
        assertThat(nodes.get("cron").x()).isLessThan(nodes.get("shop").x());
        assertThat(nodes.get("shop").x()).isLessThan(nodes.get("payments").x());
        assertThat(nodes.get("payments").x()).isLessThan(nodes.get("postgresql").x());
        assertThat(nodes.get("shop").css()).isEqualTo("service critical");
        assertThat(nodes.get("redis").service()).isFalse();
        assertThat(map.edges()).hasSize(5).anySatisfy(e -> {
            assertThat(e.label()).isEqualTo("1.0/s · 10% err");
            assertThat(e.css()).isEqualTo("call critical");
        });
        // Every box inside the drawing.
        assertThat(map.nodes()).allSatisfy(n -> {
            assertThat(n.x() + map.boxWidth()).isLessThanOrEqualTo(map.width());
            assertThat(n.y() + map.boxHeight()).isLessThanOrEqualTo(map.height());
        });
    }
}

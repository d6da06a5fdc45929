package dev.vigil.metrics.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.store.RrdMetricStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCollectorTest {
    @TempDir
    Path dir;

    @Test
    void twoRoundsGiveLoadCpuMemorySwapAndDiskSeries() throws Exception {
        SimulatedScheduler scheduler = new SimulatedScheduler(Instant.now());
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            LocalCollector c = new LocalCollector(scheduler, store, "local", Duration.ofMinutes(1), m -> m.equals("/"));
            c.collect(scheduler.clock().instant());
            Thread.sleep(1100); // CPU shares and rates need real time between the two rounds
            scheduler.advance(Duration.ofSeconds(60));
            c.collect(scheduler.clock().instant());
            assertThat(store.series("local")).extracting(i -> i.key().name())
                    .contains("load.1min", "cpu.user", "cpu.idle", "cpu.steal", "cpu.used", "memory.used", "memory.percent", "swap.used",
                            "disk./.percent", "disk./.used", "processes");
            assertThat(store.info(new dev.vigil.metrics.SeriesKey("local", "disk./.percent"))).get()
                    .satisfies(i -> assertThat(i.capacity()).isTrue());
            // The window's busiest processes are kept: this JVM burnt CPU between the rounds.
            long busy = 0;
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                busy += Long.bitCount(busy ^ System.nanoTime());
            }
            assertThat(busy).isPositive();
            scheduler.advance(Duration.ofSeconds(60));
            c.collect(scheduler.clock().instant());
            var snapshot = c.topProcesses().at(scheduler.clock().instant()).orElseThrow();
            assertThat(snapshot.byCpu()).hasSize(5);
            assertThat(snapshot.byMemory()).hasSize(5);
            assertThat(snapshot.byCpu()).anySatisfy(p -> assertThat(p.pid()).isEqualTo((int) ProcessHandle.current().pid()));
        }
    }

    @Test
    void processCommandLinesNeverCarryASecret() {
        var p = new TopProcesses.Proc(42, "curl", "curl -H 'Authorization: Bearer abc.def.ghi' --password=hunter2secret x", 1, 1);
        assertThat(p.command()).contains("curl -H").doesNotContain("abc.def.ghi").doesNotContain("hunter2secret");
    }
}

package dev.vigil.checks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.core.time.SystemScheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine on the real clock and virtual threads: what simulated time cannot show (hangs, interrupts). */
class WallClockEngineTest {

    @Test
    void aCheckThatIgnoresItsTimeoutIsInterruptedAndReportedUnknown() throws Exception {
        Check hangs = timeout -> {
            Thread.sleep(60_000); // ignores the timeout it was given
            return CheckResult.of(ServiceState.OK, "never");
        };
        Timing timing = new Timing(Duration.ofMillis(300), Duration.ofMillis(300), 1, Duration.ofMillis(200),
                new FlapDetection(20, 30));
        var host = new HostDefinition("h", "127.0.0.1", List.of(), List.of(), null, null, timing, Map.of(), null);
        var svc = new ServiceDefinition("h", "hang", "exec", hangs, timing, null, ServiceState.UNKNOWN, Map.of(), null);
        InMemoryEngineStore store = new InMemoryEngineStore(new dev.vigil.core.event.InMemoryEventLog());
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers()) {
            CheckEngine engine = new CheckEngine(scheduler, workers, store, new Random());
            engine.apply(new Plan(Map.of("h", host), Map.of(svc.target(), svc), List.of()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(engine.status(Target.service("h", "hang")).orElseThrow().state())
                            .isEqualTo(ServiceState.UNKNOWN));
            assertThat(engine.status(Target.service("h", "hang")).orElseThrow().output())
                    .isEqualTo("UNKNOWN - check timed out after 200ms");
            engine.stop();
            workers.shutdownNow();
        }
    }

    @Test
    void hangingAndMissingPluginsDegradeToUnknownWhileOtherChecksCarryOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path hang = tmp.resolve("check_hang");
        java.nio.file.Files.writeString(hang, "#!/bin/sh\nsleep 60\n");
        hang.toFile().setExecutable(true);
        java.nio.file.Path gone = tmp.resolve("check_gone");
        java.nio.file.Files.writeString(gone, "#!/bin/sh\necho 'helper: not found'\nexit 127\n");
        gone.toFile().setExecutable(true);
        Timing timing = new Timing(Duration.ofMillis(200), Duration.ofMillis(200), 1, Duration.ofMillis(300),
                new FlapDetection(20, 30));
        var host = new HostDefinition("h", "127.0.0.1", List.of(), List.of(), null, null, timing, Map.of(), null);
        Map<Target, ServiceDefinition> services = new java.util.LinkedHashMap<>();
        for (var entry : Map.of("hang", hang.toString(), "gone", gone.toString(), "fine", "/bin/true").entrySet()) {
            var check = new dev.vigil.checks.exec.ExecCheck(new dev.vigil.checks.exec.ExecCheck.Config(List.of(entry.getValue())));
            var d = new ServiceDefinition("h", entry.getKey(), "exec", check, timing, null, ServiceState.UNKNOWN, Map.of(), null);
            services.put(d.target(), d);
        }
        InMemoryEngineStore store = new InMemoryEngineStore(new dev.vigil.core.event.InMemoryEventLog());
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers()) {
            CheckEngine engine = new CheckEngine(scheduler, workers, store, new Random());
            engine.apply(new Plan(Map.of("h", host), services, List.of()));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(engine.status(Target.service("h", "hang")).orElseThrow().output())
                        .contains("plugin timed out after 300ms");
                assertThat(engine.status(Target.service("h", "gone")).orElseThrow().output())
                        .contains("exit code 127");
                assertThat(engine.status(Target.service("h", "fine")).orElseThrow().state()).isEqualTo(ServiceState.OK);
            });
            long before = engine.stats().checksRun();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> engine.stats().checksRun() > before + 3);
            engine.stop();
            workers.shutdownNow();
        }
    }
}

package dev.vigil.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.logs.config.LogsPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs capability on its own, on simulated time with the in-memory event log and saved-search store. */
class LogsTest {
    @TempDir
    Path dir;

    @Test
    void aSavedSearchFromTheDashboardAlertsOnceOverItsThresholdAndRecoversUnderIt() throws Exception {
        SimulatedScheduler scheduler = new SimulatedScheduler(Instant.now());
        InMemoryEventLog events = new InMemoryEventLog();
        InMemorySavedSearchStore saved = new InMemorySavedSearchStore();
        saved.save(new SavedSearchStore.Saved("bad gateways", "502", 2, Duration.ofMinutes(10), "alice"));
        Path access = dir.resolve("access.log");
        Files.writeString(access, "");
        LogsPlan plan = new LogsPlan(List.of(new LogsPlan.FileSource(List.of(access.toString()), null, true)), null, false,
                null, 7, Duration.ofDays(30), Duration.ofHours(1), List.of());
        try (Logs logs = new Logs(scheduler, Runnable::run, dir.resolve("data"), "shop", events, saved)) {
            logs.start(plan, "shop", null);
            String at = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
            String line = "192.0.2.1 - - [" + at + "] \"GET / HTTP/1.1\" 502 120 \"-\" \"curl\"\n";
            Files.writeString(access, line.repeat(3));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    logs.index().count("502", Instant.EPOCH, Instant.now().plusSeconds(3600)) >= 3);
            logs.evaluateSavedSearches();
            logs.evaluateSavedSearches(); // still over: nothing new
            assertThat(events.after(0, 10)).extracting(l -> l.event().kind().id(), l -> l.event().title())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("problem", "'bad gateways': 3 log lines in 10m (more than 2)"));
            scheduler.advance(Duration.ofMinutes(11)); // the lines leave the window
            logs.evaluateSavedSearches();
            assertThat(events.after(1, 10)).extracting(l -> l.event().kind().id()).containsExactly("recovery");
            assertThat(logs.savedSearches()).extracting(LogsPlan.SavedSearch::name).containsExactly("bad gateways");
        }
    }
}

package dev.vigil.metrics.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.store.RrdMetricStore;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternWatchTest {
    @TempDir
    Path dir;

    /** Five weeks of per-minute load before {@code now}: busy (about 6) when {@code busy} says so, about 0.8 otherwise. */
    private static void fiveWeeksOfLoad(RrdMetricStore store, Instant now, long seed,
                                        java.util.function.Predicate<ZonedDateTime> busy) {
        Random r = new Random(seed);
        SeriesInfo load = SeriesInfo.of(new SeriesKey("db", "load.1min"), "", "local");
        for (Instant t = now.minus(Duration.ofDays(35)); t.isBefore(now); t = t.plusSeconds(60)) {
            store.record(load, t, busy.test(t.atZone(ZoneOffset.UTC)) ? 6 + r.nextGaussian() * 0.2 : 0.8 + r.nextGaussian() * 0.1);
        }
    }

    private static boolean between(ZonedDateTime z, LocalTime from, LocalTime to) {
        return !z.toLocalTime().isBefore(from) && z.toLocalTime().isBefore(to);
    }

    @Test
    void fiveWeeksOfStoredLoadWithAThursdayBackupGiveOneFindingReportedOnce() throws Exception {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            fiveWeeksOfLoad(store, now, 3, z -> z.getDayOfWeek() == DayOfWeek.THURSDAY
                    && between(z, LocalTime.of(4, 30), LocalTime.of(4, 45)));
            // The kept top-process snapshots: backup.sh on top in the backup window, something else otherwise.
            PatternWatch watch = new PatternWatch(store, ZoneOffset.UTC, PatternWatch::busySeries).withProcesses((host, at) -> {
                ZonedDateTime z = at.atZone(ZoneOffset.UTC);
                boolean window = z.getDayOfWeek() == DayOfWeek.THURSDAY && z.getHour() == 4;
                return java.util.Optional.of(window ? "backup.sh" : "nginx");
            });
            List<Event> found = watch.scan(now);
            // 15-minute points place the edges within one point: the window found covers 04:30–04:45 and no more
            // than one point on either side.
            assertThat(found).singleElement().satisfies(e -> {
                assertThat(e.kind().id()).isEqualTo("pattern");
                assertThat(e.title()).matches("load\\.1min spike every Thursday 04:(15|30)–0(4:45|5:00) for 5 weeks.*");
                assertThat(e.title()).endsWith("; top process during spikes: backup.sh");
            });
            assertThat(watch.scan(now)).isEmpty();
        }
    }

    @Test
    void aNightlyJobIsOneDailyFindingNotSevenWeeklyOnes() throws Exception {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            fiveWeeksOfLoad(store, now, 5, z -> between(z, LocalTime.of(2, 0), LocalTime.of(2, 15)));
            List<Event> found = new PatternWatch(store, ZoneOffset.UTC, PatternWatch::busySeries).scan(now);
            assertThat(found).singleElement().satisfies(e ->
                    assertThat(e.title()).matches("load\\.1min spike every day 0[12]:(00|45)–02:(15|30) for 3[45] days.*"));
        }
    }

    @Test
    void theBackupSeenInLoadAndCpuIsOnePatternWithItsWindowInTheTags() throws Exception {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        try (RrdMetricStore store = new RrdMetricStore(dir, Duration.ofMinutes(1))) {
            java.util.function.Predicate<ZonedDateTime> backup = z -> z.getDayOfWeek() == DayOfWeek.THURSDAY
                    && between(z, LocalTime.of(4, 30), LocalTime.of(4, 45));
            fiveWeeksOfLoad(store, now, 3, backup);
            Random r = new Random(4);
            SeriesInfo cpu = SeriesInfo.of(new SeriesKey("db", "cpu.user"), "%", "local");
            for (Instant t = now.minus(Duration.ofDays(35)); t.isBefore(now); t = t.plusSeconds(60)) {
                store.record(cpu, t, backup.test(t.atZone(ZoneOffset.UTC)) ? 90 + r.nextGaussian() : 8 + r.nextGaussian());
            }
            PatternWatch watch = new PatternWatch(store, ZoneOffset.UTC, PatternWatch::busySeries)
                    .withProcesses((host, at) -> java.util.Optional.of("backup.sh"));
            assertThat(watch.scan(now)).singleElement().satisfies(e -> {
                assertThat(e.title()).startsWith("cpu.user, load.1min spike every Thursday");
                assertThat(e.tags()).containsEntry("pattern_day", "THURSDAY").containsEntry("process", "backup.sh")
                        .containsEntry("pattern_zone", "Z").containsKeys("pattern_from", "pattern_to");
            });
            assertThat(watch.scan(now.plus(Duration.ofDays(7)))).isEmpty();
        }
    }
}

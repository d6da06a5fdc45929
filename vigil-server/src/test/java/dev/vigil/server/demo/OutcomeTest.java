package dev.vigil.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.incidents.InMemoryIncidentStore;
import dev.vigil.incidents.Incidents;
import dev.vigil.incidents.correlate.Correlator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge of `vigil demo --check`: what is missed, doubled or late is said so, and fails the check. */
class OutcomeTest {
    private final Story story = new Story(Instant.parse("2026-09-21T00:00:00Z"), ZoneOffset.UTC);
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final Incidents incidents = new Incidents(new SimulatedScheduler(story.start()), log, new InMemoryIncidentStore(),
            Correlator.Windows.DEFAULT);

    private Outcome judged() {
        incidents.pull();
        return Outcome.judge(story, log.after(0, 10_000), incidents, 0);
    }

    private static Event pattern(Instant at) {
        return Event.of(EventKind.PATTERN, at, "db1", "metric", Severity.INFO,
                "load.1min spike every Thursday 04:30–04:45 for 3 weeks; top process during spikes: backup.sh", "p:" + at)
                .withTags(Map.of("pattern_day", "THURSDAY", "pattern_from", "04:30", "pattern_to", "04:45", "pattern_zone", "UTC"));
    }

    private Outcome.Result step(Outcome o, int n) {
        return o.results().get(n - 1);
    }

    @Test
    void nothingRaisedIsSevenMissedStepsAndAFailedCheck() {
        Outcome o = judged();
        assertThat(o.results()).hasSize(7).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Outcome.Verdict.MISSED));
        assertThat(o.allCaught()).isFalse();
        assertThat(o.table(ZoneOffset.UTC)).contains("step 1 missed");
    }

    @Test
    void aPatternReportedTwiceIsDoubledAndAForecastAfterItsDueTimeIsLate() {
        log.append(List.of(pattern(story.backup(2).plus(Duration.ofHours(2))), pattern(story.backup(3).plus(Duration.ofHours(2)))));
        Instant late = story.steps().get(2).due().plus(Duration.ofDays(1));
        log.append(List.of(Event.of(EventKind.PROBLEM, late, "db1", "metric", Severity.WARNING,
                "disk./srv.percent on db1 will be full in 12.0 days", "forecast")));
        Outcome o = judged();
        assertThat(step(o, 1).verdict()).isEqualTo(Outcome.Verdict.DOUBLED);
        assertThat(step(o, 1).why()).contains("2 times");
        assertThat(step(o, 3).verdict()).isEqualTo(Outcome.Verdict.LATE);
        assertThat(step(o, 3).incident()).isPositive();
        assertThat(o.allCaught()).isFalse();
    }

    @Test
    void aForecastInTimeIsCaughtWithItsIncident() {
        Instant early = story.steps().get(2).due().minus(Duration.ofDays(7));
        log.append(List.of(Event.of(EventKind.PROBLEM, early, "db1", "metric", Severity.WARNING,
                "disk./srv.percent on db1 will be full in 21.0 days", "forecast")));
        Outcome.Result r = step(judged(), 3);
        assertThat(r.verdict()).isEqualTo(Outcome.Verdict.CAUGHT);
        assertThat(r.raised()).isEqualTo(early);
        assertThat(r.incident()).isPositive();
    }
}

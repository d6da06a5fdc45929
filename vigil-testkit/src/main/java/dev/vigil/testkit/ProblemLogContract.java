package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.core.event.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ProblemLog} must do: extend this with {@link #log()} returning a new, empty log. */
public abstract class ProblemLogContract {
    private static final Instant T0 = Instant.parse("2026-03-05T04:30:00Z");

    /** A new, empty log (the same one for every call within a test). */
    protected abstract ProblemLog log();

    private static Event event(EventKind kind, String source, Severity severity, String fingerprint, long minutes) {
        return Event.of(kind, T0.plusSeconds(60 * minutes), "shop", source, severity, fingerprint + " " + kind.id(), fingerprint);
    }

    @Test
    void aProblemFromLogsIsOpenUntilItRecoversAndChecksAreLeftToTheEngine() {
        log().append(List.of(event(EventKind.PROBLEM, "logs", Severity.WARNING, "fp-502", 0),
                event(EventKind.PROBLEM, "check", Severity.CRITICAL, "fp-check", 0),
                event(EventKind.PROBLEM, "integrity", Severity.CRITICAL, "fp-fim", 1)));
        log().append(List.of(event(EventKind.PROBLEM, "logs", Severity.CRITICAL, "fp-502", 5)));
        assertThat(log().openProblems(10)).extracting(p -> p.latest().event().fingerprint()).containsExactly("fp-502", "fp-fim");
        assertThat(log().openProblems(10).get(0)).satisfies(p -> {
            assertThat(p.since()).isEqualTo(T0);
            assertThat(p.latest().event().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(p.ack()).isNull();
        });
        assertThat(log().openProblems(1)).hasSize(1);
        log().append(List.of(event(EventKind.RECOVERY, "logs", Severity.OK, "fp-502", 9)));
        assertThat(log().openProblems(10)).extracting(p -> p.latest().event().fingerprint()).containsExactly("fp-fim");
    }

    @Test
    void anAcknowledgementIsAnEventAndLastsUntilTheProblemRecovers() {
        log().append(List.of(event(EventKind.PROBLEM, "audit", Severity.CRITICAL, "fp-777", 0)));
        assertThat(log().acknowledgeProblem("fp-nothing", "alice", "", T0)).isFalse();
        assertThat(log().acknowledgeProblem("fp-777", "alice", "fixing the folder", T0.plusSeconds(60))).isTrue();
        assertThat(log().openProblems(10)).singleElement().extracting(ProblemLog.OpenProblem::ack)
                .isEqualTo(new ProblemLog.ProblemAck("alice", "fixing the folder", T0.plusSeconds(60)));
        assertThat(log().newest(null, Instant.EPOCH, 10)).first().satisfies(l -> {
            assertThat(l.event().kind()).isEqualTo(EventKind.ACKNOWLEDGED);
            assertThat(l.event().fingerprint()).isEqualTo("fp-777");
        });
        log().append(List.of(event(EventKind.RECOVERY, "audit", Severity.OK, "fp-777", 5),
                event(EventKind.PROBLEM, "audit", Severity.CRITICAL, "fp-777", 10)));
        assertThat(log().openProblems(10)).singleElement().extracting(ProblemLog.OpenProblem::ack).isNull();
    }

    @Test
    void filtersOfferTheHostsAndSourcesSeen() {
        log().append(List.of(event(EventKind.PROBLEM, "logs", Severity.WARNING, "a", 0),
                Event.of(EventKind.PROBLEM, T0, "db", "metrics", Severity.WARNING, "disk", "b")));
        assertThat(log().eventValues("host")).containsExactly("db", "shop");
        assertThat(log().eventValues("source")).containsExactly("logs", "metrics");
    }
}

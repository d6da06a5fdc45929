package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.IncidentStore;
import dev.vigil.incidents.Member;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link IncidentStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class IncidentStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");

    /** A new, empty store (the same one for every call within a test). */
    protected abstract IncidentStore store();

    private static Incident draft(String title, Instant opened) {
        return new Incident(0, title, Severity.WARNING, IncidentState.OPEN, Incident.Kind.GROUPED, "shop", opened, opened, null, 7, 0, 0, "");
    }

    private static Member member(long event, int second, String title) {
        return new Member(event, T0.plusSeconds(second), "shop", "check", EventKind.PROBLEM, Severity.CRITICAL, title, "HTTP 502",
                "c:web", List.of(EvidenceLink.checkResults("shop", "web")));
    }

    @Test
    void anIncidentIsStoredUpdatedAndReadBackWhole() {
        Incident i = store().open(draft("web on shop is CRITICAL", T0));
        assertThat(i.id()).isPositive();
        assertThat(store().get(i.id())).contains(i);
        Incident done = i.with("Security: credentials leaked (shop)", Severity.CRITICAL, IncidentState.RESOLVED, Incident.Kind.SECURITY, "shop",
                T0.plusSeconds(60), T0.plusSeconds(60), 3, "resolved by alice");
        store().update(done);
        assertThat(store().get(i.id())).contains(done);
        assertThat(store().get(999)).isEmpty();
    }

    @Test
    void eventsAreAttachedOnceInTimeOrderAndMoveTheCursor() {
        Incident i = store().open(draft("x", T0));
        assertThat(store().cursor()).isZero();
        store().attach(i.id(), member(12, 30, "second"));
        store().attach(i.id(), member(11, 10, "first"));
        store().attach(i.id(), member(12, 30, "second again")); // read twice after a crash: kept once
        assertThat(store().members(i.id())).extracting(Member::title).containsExactly("first", "second");
        assertThat(store().members(i.id()).getFirst().evidence()).extracting(EvidenceLink::href).containsExactly("/api/v1/results?host=shop&service=web");
        assertThat(store().cursor()).isEqualTo(12);
        store().skip(40);
        store().skip(20);
        assertThat(store().cursor()).isEqualTo(40);
        assertThat(store().incidentOf(11)).contains(i.id());
        assertThat(store().incidentOf(13)).isEmpty();
    }

    @Test
    void listsAreNewestFirstByStateAndActiveLeavesResolvedOut() {
        Incident a = store().open(draft("a", T0));
        Incident b = store().open(draft("b", T0.plusSeconds(60)));
        store().update(a.with(a.title(), a.severity(), IncidentState.RESOLVED, a.kind(), a.host(), T0, T0, 1, ""));
        assertThat(store().list(null, 10)).extracting(Incident::title).containsExactly("b", "a");
        assertThat(store().list(IncidentState.RESOLVED, 10)).extracting(Incident::title).containsExactly("a");
        assertThat(store().list(null, 1)).hasSize(1);
        assertThat(store().active()).extracting(Incident::id).containsExactly(b.id());
    }

    @Test
    void aRunOfEventsIsCommittedWholeWithTheIncidentsLatestFieldsAndTheCursorPastIt() {
        Incident a = store().open(draft("a", T0));
        Incident b = store().open(draft("b", T0));
        Incident a2 = a.with("a, worse", Severity.CRITICAL, IncidentState.OPEN, a.kind(), a.host(), T0.plusSeconds(30), null, 2, "");
        store().commit(List.of(a2, b), List.of(new IncidentStore.Attached(a.id(), member(21, 10, "first")),
                new IncidentStore.Attached(b.id(), member(22, 20, "other")), new IncidentStore.Attached(a.id(), member(23, 30, "second"))), 25);
        assertThat(store().get(a.id())).contains(a2);
        assertThat(store().members(a.id())).extracting(Member::title).containsExactly("first", "second");
        assertThat(store().incidentOf(22)).contains(b.id());
        assertThat(store().cursor()).as("past the events that joined nothing too").isEqualTo(25);
        assertThat(store().incidentAt("check", "shop", T0.plusSeconds(20))).contains(b.id());
        assertThat(store().incidentAt("logs", "shop", T0.plusSeconds(20))).isEmpty();
        assertThat(store().incidentAt("check", "shop", T0.plusSeconds(21))).isEmpty();
        assertThat(store().problemsSince(T0, 10)).extracting(x -> x.member().title()).containsExactly("first", "other", "second");
        assertThat(store().problemsSince(T0.plusSeconds(25), 10)).extracting(IncidentStore.Attached::incident).containsExactly(a.id());
        assertThat(store().problemsSince(T0, 1)).extracting(x -> x.member().title()).containsExactly("second");
    }
}

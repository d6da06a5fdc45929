package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.HostState;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EngineStore} must do: extend this with {@link #store()} returning a new, empty store and
 * {@link #events()} the event log it writes to.
 */
public abstract class EngineStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");

    /** A new, empty store (the same one for every call within a test). */
    protected abstract EngineStore store();

    /** The log the store's events go to. */
    protected abstract EventLog events();

    /** The store's results as read back (the same object as {@link #store()} in both implementations). */
    protected abstract ResultHistory history();

    private void result(Target t, State state, Instant at, String output) {
        Status s = new Status(t, state, StateType.HARD, 1, 3, at, at, at, state, output, "", List.of(), List.of(), false, 0, null, false);
        store().record(s, CheckResult.of(state instanceof ServiceState ss ? ss : ServiceState.OK, output), at, List.of());
    }

    @Test
    void resultsAreReadBackNewestFirstAndCountedIntoAvailabilityBuckets() {
        Target web = Target.service("shop", "web");
        Target db = Target.service("shop", "db");
        result(web, ServiceState.OK, T0, "ok 1");
        result(web, ServiceState.CRITICAL, T0.plusSeconds(60), "HTTP 502");
        result(web, ServiceState.OK, T0.plusSeconds(3600), "ok 2");
        result(db, ServiceState.OK, T0.plusSeconds(30), "db ok");
        result(Target.host("shop"), HostState.UP, T0, "PING OK");
        store().record(Status.pending(Target.service("shop", "x"), 3, T0), null, T0, List.of()); // no result: not counted

        assertThat(history().results(web, Instant.EPOCH, 10)).extracting(ResultHistory.StoredResult::output)
                .containsExactly("ok 2", "HTTP 502", "ok 1");
        assertThat(history().results(web, T0.plusSeconds(60), 1)).singleElement().satisfies(r -> {
            assertThat(r.output()).isEqualTo("ok 2");
            assertThat(r.state()).isEqualTo("OK");
            assertThat(r.stateType()).isEqualTo("HARD");
        });
        assertThat(history().availability(web, T0, Duration.ofHours(1))).containsExactly(
                new ResultHistory.Availability(T0, 1, 2), new ResultHistory.Availability(T0.plusSeconds(3600), 1, 1));
        assertThat(history().availabilityByHost(T0, Duration.ofHours(1))).containsOnlyKeys("shop").hasEntrySatisfying("shop",
                b -> assertThat(b).containsExactly(new ResultHistory.Availability(T0, 3, 4),
                        new ResultHistory.Availability(T0.plusSeconds(3600), 1, 1)));
        assertThat(history().pruneResults(T0.plusSeconds(61))).isEqualTo(4);
        assertThat(history().results(web, Instant.EPOCH, 10)).extracting(ResultHistory.StoredResult::output).containsExactly("ok 2");
    }

    @Test
    void aRecordedStatusIsLoadedBackAndItsEventsAreInTheLog() {
        Target web = Target.service("shop", "web");
        Status s = Status.pending(web, 3, T0).withAcknowledgement(new Acknowledgement("alice", "on it", true, T0));
        Event problem = new Event(T0, "shop", "check", EventKind.PROBLEM, Severity.CRITICAL, "web on shop is CRITICAL", "",
                Event.fingerprint("check", "shop", "web"), List.of(), null);
        store().record(s, CheckResult.of(ServiceState.CRITICAL, "HTTP CRITICAL - 502"), T0, List.of(problem));
        assertThat(store().loadStatuses()).containsEntry(web, s);
        assertThat(events().after(0, 10)).extracting(EventLog.Logged::event).containsExactly(problem);

        Status later = s.withAcknowledgement(null);
        store().record(later, null, T0.plusSeconds(60), List.of());
        assertThat(store().loadStatuses()).containsEntry(web, later).hasSize(1);
        assertThat(events().after(0, 10)).hasSize(1);
    }

    @Test
    void aLocationsResultIsKeptWithItsLocationItsStatusLoadsBackAndOnlyDecidedResultsCountForAvailability() {
        Target web = Target.service("shop", "web");
        Status fra = new Status(web, ServiceState.CRITICAL, StateType.SOFT, 1, 3, T0, T0, T0, ServiceState.OK, "refused", "",
                List.of(), List.of(), false, 0, null, false);
        Status decided = new Status(web, ServiceState.OK, StateType.HARD, 1, 1, T0, T0, T0, ServiceState.OK, "OK from 2 of 3", "",
                List.of(), List.of(), false, 0, null, false);
        store().recordAt(web, "fra", fra, CheckResult.of(ServiceState.CRITICAL, "refused"), T0, decided, List.of());
        store().recordAt(web, "nyc", null, CheckResult.of(ServiceState.CRITICAL, "late"), T0.minusSeconds(600), null, List.of());
        assertThat(store().loadPlaces()).containsOnlyKeys(web).hasEntrySatisfying(web, p -> assertThat(p).containsOnly(
                java.util.Map.entry("fra", fra)));
        assertThat(store().loadStatuses()).containsEntry(web, decided);
        assertThat(history().results(web, Instant.EPOCH, 10)).extracting(r -> r.location() + " " + r.state() + " " + r.stateType())
                .containsExactlyInAnyOrder("fra CRITICAL SOFT", "null OK HARD", "nyc CRITICAL LATE");
        assertThat(history().availability(web, T0.minusSeconds(3600), Duration.ofHours(2)))
                .containsExactly(new ResultHistory.Availability(T0.minusSeconds(3600), 1, 1));
        store().forget(web);
        assertThat(store().loadPlaces()).isEmpty();
    }

    @Test
    void aForgottenTargetIsNotLoaded() {
        Target a = Target.service("shop", "a");
        Target b = Target.host("shop");
        store().record(Status.pending(a, 3, T0), null, T0, List.of());
        store().record(Status.pending(b, 3, T0), null, T0, List.of());
        store().forget(a);
        assertThat(store().loadStatuses()).containsOnlyKeys(b);
    }

    @Test
    void downtimesAreSavedListedAndDeleted() {
        Downtime weekly = new Downtime("dt-1", "db", null, null, null, "30 4 * * 4", Duration.ofHours(1), ZoneOffset.UTC,
                "backup window", "alice");
        Downtime once = new Downtime("dt-2", "shop", "web", T0, T0.plusSeconds(3600), null, null, ZoneOffset.UTC, "deploy", "bob");
        store().saveDowntime(weekly);
        store().saveDowntime(once);
        assertThat(store().loadDowntimes()).containsExactlyInAnyOrder(weekly, once);
        assertThat(store().deleteDowntime("dt-1")).isTrue();
        assertThat(store().deleteDowntime("dt-1")).isFalse();
        assertThat(store().loadDowntimes()).containsExactly(once);
    }
}

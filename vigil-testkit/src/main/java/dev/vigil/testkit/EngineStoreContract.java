package dev.vigil.testkit;

import dev.vigil.core.event.EventKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
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

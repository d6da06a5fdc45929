package dev.vigil.checks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Locations;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.checks.state.StateType;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A service checked from several places: each location's SOFT/HARD first, then the quorum; lost locations count neither way. */
class LocationQuorumTest {
    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    private static final Timing TIMING = new Timing(Duration.ofMinutes(1), Duration.ofSeconds(10), 3, Duration.ofSeconds(5),
            new FlapDetection(90, 95));
    private static final Target SHOP = Target.service("web", "http");

    private final SimulatedScheduler scheduler = new SimulatedScheduler(START);
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final InMemoryEngineStore store = new InMemoryEngineStore(log);
    private final ScriptedCheck local = new ScriptedCheck(scheduler.clock());

    private CheckEngine engine(List<String> locations, int quorum) {
        CheckEngine engine = new CheckEngine(scheduler, Runnable::run, store, new Random(1));
        var host = new HostDefinition("web", "127.0.0.1", List.of(), List.of(), null, null, TIMING, Map.of("name", "web"), null);
        var svc = new ServiceDefinition("web", "http", "http", local, TIMING, null, ServiceState.UNKNOWN,
                Map.of("name", "http", "locations", locations), null, List.of(), new Locations(locations, quorum));
        engine.apply(new Plan(Map.of("web", host), Map.of(SHOP, svc), List.of()));
        return engine;
    }

    private List<Event> problems() {
        return log.after(0, Integer.MAX_VALUE).stream().map(EventLog.Logged::event)
                .filter(e -> e.kind() == EventKind.PROBLEM || e.kind() == EventKind.RECOVERY).toList();
    }

    /** Sends {@code n} results from a probe location, a retry interval apart. */
    private void probe(CheckEngine engine, String location, ServiceState state, int n) {
        for (int i = 0; i < n; i++) {
            scheduler.advance(Duration.ofSeconds(10));
            engine.submitAt(SHOP, location, CheckResult.of(state, location + " says " + state), scheduler.clock().instant());
        }
    }

    @Test
    void oneLocationsFailureIsNotAnAlertWithQuorumTwo() {
        CheckEngine engine = engine(List.of("local", "fra", "nyc"), 2);
        scheduler.advance(Duration.ofMinutes(2));
        probe(engine, "nyc", ServiceState.OK, 1);
        probe(engine, "fra", ServiceState.CRITICAL, 5); // fra cannot reach the shop; local and nyc can
        assertThat(engine.places(SHOP).get("fra").isHardProblem()).isTrue();
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
        assertThat(engine.status(SHOP).orElseThrow().output()).contains("fra sees CRITICAL (below the quorum)");
        assertThat(problems()).isEmpty();
        // The locations' results are kept with their place; the decided ones without.
        var rows = store.results(SHOP, START, 100);
        assertThat(rows).anyMatch(r -> "fra".equals(r.location()) && r.state().equals("CRITICAL"));
        assertThat(rows).anyMatch(r -> r.location() == null && r.state().equals("OK"));
    }

    @Test
    void twoLocationsAgreeingAfterTheirOwnRetriesMakeOneHardProblemThenOneRecovery() {
        CheckEngine engine = engine(List.of("local", "fra", "nyc"), 2);
        scheduler.advance(Duration.ofMinutes(2));
        probe(engine, "fra", ServiceState.OK, 1);
        probe(engine, "nyc", ServiceState.OK, 1);
        local.next = ServiceState.CRITICAL;
        scheduler.advance(Duration.ofMinutes(2)); // local retries at its own pace and reaches HARD
        assertThat(engine.places(SHOP).get("local").isHardProblem()).isTrue();
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
        probe(engine, "fra", ServiceState.CRITICAL, 2); // SOFT at fra: not a vote yet
        assertThat(engine.places(SHOP).get("fra").stateType()).isEqualTo(StateType.SOFT);
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
        assertThat(problems()).isEmpty();
        probe(engine, "fra", ServiceState.CRITICAL, 1); // fra's third attempt: HARD, and two places agree
        var status = engine.status(SHOP).orElseThrow();
        assertThat(status.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status.stateType()).isEqualTo(StateType.HARD);
        assertThat(status.output()).startsWith("CRITICAL from 2 of 3 locations in contact (quorum 2): local, fra");
        probe(engine, "nyc", ServiceState.CRITICAL, 3);
        assertThat(problems()).hasSize(1); // once, however many places agree
        local.next = ServiceState.OK;
        probe(engine, "fra", ServiceState.OK, 1);
        probe(engine, "nyc", ServiceState.OK, 1);
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
        assertThat(problems()).extracting(Event::kind).containsExactly(EventKind.PROBLEM, EventKind.RECOVERY);
    }

    @Test
    void aLocationThatLostContactCountsNeitherWayAndTheQuorumShrinksToThoseLeft() {
        CheckEngine engine = engine(List.of("fra", "nyc"), 2);
        assertThat(local.runs).isEmpty();
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(local.runs).as("'local' is not a location of this service: the server does not run it").isEmpty();
        probe(engine, "fra", ServiceState.OK, 1);
        probe(engine, "nyc", ServiceState.CRITICAL, 3);
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
        engine.locationContact("fra", false); // fra's probe fell silent: nyc alone decides now
        assertThat(engine.lostLocations()).containsExactly("fra");
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.CRITICAL);
        engine.locationContact("fra", true);
        assertThat(engine.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.OK);
    }

    @Test
    void resultsKeptWhileAProbeWasAwayAreHistoryOnlyAndUnknownPlacesAreRefused() {
        CheckEngine engine = engine(List.of("fra", "nyc"), 2);
        scheduler.advance(Duration.ofMinutes(10));
        Instant old = scheduler.clock().instant().minus(Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            engine.submitAt(SHOP, "fra", CheckResult.of(ServiceState.CRITICAL, "old"), old.plusSeconds(i));
        }
        assertThat(engine.places(SHOP)).doesNotContainKey("fra");
        assertThat(store.results(SHOP, START, 100)).hasSize(5).allMatch(r -> r.stateType().equals("LATE") && "fra".equals(r.location()));
        assertThatThrownBy(() -> engine.submitAt(SHOP, "sfo", CheckResult.of(ServiceState.OK, "x"), scheduler.clock().instant()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> engine.submit(SHOP, CheckResult.of(ServiceState.OK, "x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachLocationsStateSurvivesARestart() {
        CheckEngine engine = engine(List.of("fra", "nyc"), 2);
        scheduler.advance(Duration.ofMinutes(1));
        probe(engine, "fra", ServiceState.CRITICAL, 3);
        probe(engine, "nyc", ServiceState.CRITICAL, 2);
        engine.stop();
        CheckEngine again = engine(List.of("fra", "nyc"), 2);
        assertThat(again.places(SHOP).get("fra").isHardProblem()).isTrue();
        probe(again, "nyc", ServiceState.CRITICAL, 1); // its third attempt, counted across the restart
        assertThat(again.status(SHOP).orElseThrow().state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(problems()).hasSize(1);
    }
}

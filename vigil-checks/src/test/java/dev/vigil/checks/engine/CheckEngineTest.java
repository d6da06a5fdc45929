package dev.vigil.checks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.HostState;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import dev.vigil.core.time.SimulatedScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckEngineTest {
    /** A Thursday, so the weekly 04:30 backup window is easy to place. */
    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    private static final Timing TIMING = new Timing(Duration.ofMinutes(1), Duration.ofSeconds(10), 3,
            Duration.ofSeconds(5), new FlapDetection(20, 30));

    private final SimulatedScheduler scheduler = new SimulatedScheduler(START);
    private final dev.vigil.core.event.InMemoryEventLog log = new dev.vigil.core.event.InMemoryEventLog();
    private final InMemoryEngineStore store = new InMemoryEngineStore(log);

    /** Every event the engine stored, oldest first. */
    private List<Event> events() {
        return log.after(0, Integer.MAX_VALUE).stream().map(dev.vigil.core.event.EventLog.Logged::event).toList();
    }

    /** The events that notify (problems, recoveries, flapping), oldest first. */
    private List<Event> alerting() {
        return events().stream().filter(Event::alerts).toList();
    }
    private final Map<String, ScriptedCheck> checks = new LinkedHashMap<>();
    private final Map<String, HostDefinition> hosts = new LinkedHashMap<>();
    private final Map<Target, ServiceDefinition> services = new LinkedHashMap<>();
    private final List<Downtime> downtimes = new ArrayList<>();

    private CheckEngine engine() {
        return new CheckEngine(scheduler, Runnable::run, store, new Random(1));
    }

    private ScriptedCheck host(String name, boolean withCheck, String... parents) {
        ScriptedCheck check = withCheck ? new ScriptedCheck(scheduler.clock()) : null;
        hosts.put(name, new HostDefinition(name, "127.0.0.1", List.of(parents), List.of(), withCheck ? "scripted" : null,
                check, TIMING, Map.of("name", name), null));
        if (check != null) {
            checks.put(name, check);
        }
        return check;
    }

    private ScriptedCheck service(String host, String name, Timing timing) {
        ScriptedCheck check = new ScriptedCheck(scheduler.clock());
        services.put(Target.service(host, name), new ServiceDefinition(host, name, "scripted", check, timing,
                null, ServiceState.UNKNOWN, Map.of("name", name, "host", host), null));
        checks.put(host + "/" + name, check);
        return check;
    }

    private Plan plan() {
        return new Plan(hosts, services, downtimes);
    }

    private Status status(CheckEngine engine, String host, String service) {
        return engine.status(Target.service(host, service)).orElseThrow();
    }

    private void run(Duration d) {
        scheduler.advance(d);
    }

    /** Advances simulated time second by second until {@code check} has run once more. */
    private void nextRun(ScriptedCheck check) {
        int before = check.runs.size();
        while (check.runs.size() == before) {
            scheduler.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void problemBecomesHardAfterMaxAttemptsAndRetriesAtTheRetryInterval() {
        host("web1", false);
        ScriptedCheck http = service("web1", "http", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        nextRun(http);
        assertThat(status(engine, "web1", "http").state()).isEqualTo(ServiceState.OK);

        http.next = ServiceState.CRITICAL;
        int before = http.runs.size();
        nextRun(http);
        Status soft = status(engine, "web1", "http");
        assertThat(soft.stateType()).isEqualTo(StateType.SOFT);
        assertThat(soft.attempt()).isEqualTo(1);
        assertThat(events()).isEmpty();

        nextRun(http);
        nextRun(http); // two retries, 10 s apart
        Status hard = status(engine, "web1", "http");
        assertThat(hard.stateType()).isEqualTo(StateType.HARD);
        assertThat(hard.attempt()).isEqualTo(3);
        assertThat(http.runs.subList(before, http.runs.size())).hasSize(3);
        assertThat(Duration.between(http.runs.get(before + 1), http.runs.get(before + 2))).isEqualTo(Duration.ofSeconds(10));
        assertThat(alerting()).singleElement().satisfies(e -> {
            assertThat(e.kind().id()).isEqualTo("problem");
            assertThat(e.title()).isEqualTo("http on web1 is CRITICAL");
        });

        run(Duration.ofMinutes(10)); // still critical: no further event
        assertThat(events()).hasSize(1);
    }

    @Test
    void softProblemThatClearsRaisesNothingButHardRecoveryDoes() {
        host("web1", false);
        ScriptedCheck http = service("web1", "http", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        run(Duration.ofMinutes(1));
        http.next = ServiceState.WARNING;
        run(Duration.ofMinutes(1));
        http.next = ServiceState.OK;
        run(Duration.ofMinutes(2));
        assertThat(events()).isEmpty();

        http.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(2));
        http.next = ServiceState.OK;
        run(Duration.ofMinutes(2));
        assertThat(alerting()).extracting(e -> e.kind().id()).containsExactly("problem", "recovery");
        assertThat(events().get(0).fingerprint()).isEqualTo(events().get(1).fingerprint());
    }

    @Test
    void aHardProblemThatWorsensIsANewHardChange() {
        host("db", false);
        ScriptedCheck disk = service("db", "disk", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        disk.next = ServiceState.WARNING;
        run(Duration.ofMinutes(3));
        disk.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(1));
        assertThat(alerting()).extracting(Event::title)
                .containsExactly("disk on db is WARNING", "disk on db is CRITICAL");
    }

    @Test
    void flappingStartsAndStopsAsEventsAndSuppressesChangesMeanwhile() {
        host("web1", false);
        Timing immediate = new Timing(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, Duration.ofSeconds(5),
                new FlapDetection(20, 30));
        ScriptedCheck http = service("web1", "http", immediate);
        CheckEngine engine = engine();
        engine.apply(plan());
        run(Duration.ofMinutes(1));
        for (int i = 0; i < 12; i++) {
            http.next = i % 2 == 0 ? ServiceState.CRITICAL : ServiceState.OK;
            run(Duration.ofMinutes(1));
        }
        assertThat(status(engine, "web1", "http").flapping()).isTrue();
        List<String> kinds = events().stream().map(e -> e.kind().id()).toList();
        assertThat(kinds).contains("flapping.start");
        int start = kinds.indexOf("flapping.start");
        assertThat(events().subList(start + 1, events().size()))
                .filteredOn(e -> e.kind().id().equals("problem"))
                .allSatisfy(e -> assertThat(e.suppression()).isEqualTo("flapping"));

        http.next = ServiceState.OK;
        run(Duration.ofMinutes(25));
        assertThat(status(engine, "web1", "http").flapping()).isFalse();
        assertThat(events()).extracting(e -> e.kind().id()).contains("flapping.stop");
    }

    @Test
    void childrenOfADownParentAreUnreachableAndDoNotAlert() {
        ScriptedCheck router = host("router", true);
        ScriptedCheck web = host("web1", true, "router");
        host("app1", false, "web1");
        ScriptedCheck http = service("web1", "http", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        run(Duration.ofMinutes(1));
        assertThat(engine.status(Target.host("app1")).orElseThrow().state()).isEqualTo(HostState.UP);

        router.next = ServiceState.CRITICAL;
        web.next = ServiceState.CRITICAL;
        http.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(5));

        assertThat(engine.status(Target.host("router")).orElseThrow().state()).isEqualTo(HostState.DOWN);
        assertThat(engine.status(Target.host("web1")).orElseThrow().state()).isEqualTo(HostState.UNREACHABLE);
        assertThat(engine.status(Target.host("app1")).orElseThrow().state()).isEqualTo(HostState.UNREACHABLE);
        assertThat(alerting()).singleElement().extracting(Event::title).isEqualTo("host router is DOWN");
        assertThat(events()).filteredOn(e -> e.title().startsWith("http"))
                .allSatisfy(e -> assertThat(e.suppression()).startsWith("host web1 is"));
    }

    @Test
    void recurringDowntimeCoversTheThursdayBackupWindowOnly() {
        host("db", false);
        ScriptedCheck load = service("db", "load", new Timing(Duration.ofMinutes(1), Duration.ofMinutes(1), 1,
                Duration.ofSeconds(5), new FlapDetection(20, 30)));
        downtimes.add(new Downtime("config-backup", "db", null, null, null, "30 4 * * 4", Duration.ofHours(1),
                ZoneOffset.UTC, "weekly backup", "ops"));
        CheckEngine engine = engine();
        engine.apply(plan());
        scheduler.runUntil(START.plus(Duration.ofHours(4)).plusSeconds(35 * 60));
        load.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(5));
        load.next = ServiceState.OK;
        run(Duration.ofMinutes(5));
        assertThat(events()).extracting(Event::suppression)
                .containsExactly("in scheduled downtime: weekly backup", "the problem was not alerted");

        scheduler.runUntil(START.plus(Duration.ofHours(6)));
        load.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(2));
        assertThat(alerting()).singleElement().extracting(e -> e.kind().id()).isEqualTo("problem");
    }

    @Test
    void oneOffDowntimeScheduledAtRuntimeSuppressesAndCanBeCancelled() {
        host("db", false);
        ScriptedCheck load = service("db", "load", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        Downtime d = engine.scheduleDowntime(new Downtime("dt-1", "db", "load", START, START.plus(Duration.ofHours(1)),
                null, null, null, "maintenance", "alice"));
        load.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(5));
        assertThat(alerting()).isEmpty();
        assertThat(store.loadDowntimes()).extracting(Downtime::id).contains("dt-1");
        assertThat(engine.cancelDowntime(d.id())).isTrue();
        assertThat(store.loadDowntimes()).isEmpty();
    }

    @Test
    void stickyAcknowledgementSilencesUntilRecoveryNonStickyEndsAtNextChange() {
        host("db", false);
        ScriptedCheck disk = service("db", "disk", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        disk.next = ServiceState.WARNING;
        run(Duration.ofMinutes(3));
        Target t = Target.service("db", "disk");
        engine.acknowledge(t, new Acknowledgement("alice", "cleaning up", true, scheduler.clock().instant()));
        disk.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(1));
        assertThat(events()).filteredOn(e -> e.kind().id().equals("problem")).last()
                .extracting(Event::suppression).isEqualTo("acknowledged by alice");
        assertThat(status(engine, "db", "disk").acknowledgement()).isNotNull();

        disk.next = ServiceState.OK;
        run(Duration.ofMinutes(1));
        assertThat(status(engine, "db", "disk").acknowledgement()).isNull();

        disk.next = ServiceState.WARNING;
        run(Duration.ofMinutes(3));
        engine.acknowledge(t, new Acknowledgement("bob", "", false, scheduler.clock().instant()));
        disk.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(1));
        assertThat(status(engine, "db", "disk").acknowledgement()).isNull();
        assertThat(events()).filteredOn(e -> e.kind().id().equals("problem")).last()
                .extracting(Event::suppression).isNull();
    }

    @Test
    void acknowledgingAnOkServiceIsRefused() {
        host("db", false);
        service("db", "disk", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        run(Duration.ofMinutes(1));
        assertThatThrownBy(() -> engine.acknowledge(Target.service("db", "disk"),
                new Acknowledgement("a", "", true, START))).hasMessageContaining("only problems");
    }

    @Test
    void restartResumesTheSameStateWithoutAlertingAgain() {
        host("db", false);
        ScriptedCheck disk = service("db", "disk", TIMING);
        CheckEngine first = engine();
        first.apply(plan());
        disk.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(3));
        assertThat(alerting()).hasSize(1);
        first.stop();

        CheckEngine second = engine();
        second.apply(plan());
        assertThat(status(second, "db", "disk").state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status(second, "db", "disk").stateType()).isEqualTo(StateType.HARD);
        run(Duration.ofMinutes(10));
        assertThat(events()).hasSize(1);
    }

    @Test
    void silentPassiveServiceTurnsCriticalAfterItsFreshnessThreshold() {
        host("db", false);
        services.put(Target.service("db", "backup"), new ServiceDefinition("db", "backup", "passive", null,
                new Timing(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, Duration.ofSeconds(5), new FlapDetection(20, 30)),
                Duration.ofHours(26), ServiceState.CRITICAL, Map.of("name", "backup"), null));
        CheckEngine engine = engine();
        engine.apply(plan());
        engine.submit(Target.service("db", "backup"), CheckResult.of(ServiceState.OK, "backup done"));
        run(Duration.ofHours(25));
        assertThat(events()).isEmpty();
        engine.submit(Target.service("db", "backup"), CheckResult.of(ServiceState.OK, "backup done"));
        run(Duration.ofHours(27));
        assertThat(alerting()).singleElement().satisfies(e -> {
            assertThat(e.title()).isEqualTo("backup on db is CRITICAL");
            assertThat(e.details()).contains("no result received for 1d2h");
        });
    }

    @Test
    void firstChecksAreSpreadOverTheFirstInterval() {
        host("h", false);
        for (int i = 0; i < 50; i++) {
            service("h", "s" + i, TIMING);
        }
        engine().apply(plan());
        run(Duration.ofSeconds(60));
        List<Instant> firsts = checks.values().stream().map(c -> c.runs.get(0)).toList();
        assertThat(firsts.stream().distinct().count()).isGreaterThan(40);
        assertThat(firsts).allSatisfy(t -> assertThat(t).isBefore(START.plusSeconds(60)));
    }

    @Test
    void aCheckThatThrowsBecomesUnknownAndTheEngineKeepsRunning() {
        host("h", false);
        services.put(Target.service("h", "broken"), new ServiceDefinition("h", "broken", "scripted",
                t -> { throw new IllegalStateException("boom /secret/path"); },
                TIMING, null, ServiceState.UNKNOWN, Map.of(), null));
        ScriptedCheck fine = service("h", "fine", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        run(Duration.ofMinutes(5));
        Status broken = status(engine, "h", "broken");
        assertThat(broken.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(broken.output()).contains("internal error").doesNotContain("/secret/path");
        assertThat(fine.runs).hasSizeGreaterThan(3);
    }

    @Test
    void reloadKeepsStateOfUnchangedServicesAndDropsRemovedOnes() {
        host("h", false);
        ScriptedCheck a = service("h", "a", TIMING);
        service("h", "b", TIMING);
        CheckEngine engine = engine();
        engine.apply(plan());
        a.next = ServiceState.CRITICAL;
        run(Duration.ofMinutes(3));
        services.remove(Target.service("h", "b"));
        engine.apply(plan());
        assertThat(engine.status(Target.service("h", "b"))).isEmpty();
        assertThat(status(engine, "h", "a").isHardProblem()).isTrue();
        run(Duration.ofMinutes(3));
        assertThat(events()).hasSize(1);
    }
}

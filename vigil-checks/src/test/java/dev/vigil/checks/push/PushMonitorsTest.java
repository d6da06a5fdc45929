package dev.vigil.checks.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.PlanReader;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.engine.InMemoryEngineStore;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Heartbeats on simulated time: cron schedules in a time zone (across a DST change), grace, start, fail, never ending. */
class PushMonitorsTest {
    private static final Target BACKUP = Target.service("db1", "backup");

    private SimulatedScheduler scheduler;
    private CheckEngine engine;
    private PushMonitors monitors;
    private final InMemoryPushStore store = new InMemoryPushStore();

    private void start(Instant at, String service) throws Exception {
        scheduler = new SimulatedScheduler(at);
        engine = new CheckEngine(scheduler, Runnable::run, new InMemoryEngineStore(new InMemoryEventLog()), new Random(1));
        Plan plan = plan(service);
        engine.apply(plan);
        monitors = new PushMonitors(scheduler, Runnable::run, engine, store);
        monitors.apply(plan);
    }

    private static Plan plan(String service) throws Exception {
        ConfigErrors errors = new ConfigErrors();
        PlanReader reader = new PlanReader(errors, java.time.InstantSource.system());
        Section root = new Section((ConfigNode.Mapping) YamlFiles.parse("""
                hosts:
                  - {name: db1, address: 127.0.0.1}
                services:
                  - %s
                """.formatted(service), "vigil.yml"), errors);
        reader.addFile(root);
        root.finish();
        Plan plan = reader.build();
        assertThat(errors.list()).isEmpty();
        return plan;
    }

    private Status status() {
        return engine.status(BACKUP).orElseThrow();
    }

    private String uuid() {
        return monitors.monitor(BACKUP).orElseThrow().uuid();
    }

    private void at(String utc) {
        scheduler.runUntil(Instant.parse(utc));
    }

    @Test
    void aWeeklyBackupThatNeverPingsIsCriticalOneHourAfterThursday0430InItsTimeZoneAndAPingResetsIt() throws Exception {
        start(Instant.parse("2026-11-25T12:00:00Z"), "{name: backup, host: db1, type: push, schedule: '30 4 * * 4', grace: 1h, timezone: Europe/Berlin}");
        at("2026-11-26T04:29:59Z"); // Thursday 04:30 in Berlin is 03:30 UTC; plus the hour of grace
        assertThat(status().state()).isEqualTo(ServiceState.PENDING);
        at("2026-11-26T04:30:01Z");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status().stateType()).isEqualTo(StateType.HARD); // a missed run is final at once
        assertThat(status().output()).isEqualTo("no ping yet; expected Thu 26 Nov 04:30 (30 4 * * 4 (Europe/Berlin)) + 1h grace");
        assertThat(monitors.ping(uuid(), PushMonitors.Signal.SUCCESS, null, "")).isTrue();
        assertThat(status().state()).isEqualTo(ServiceState.OK);
        assertThat(status().output()).isEqualTo("ping received; next expected Thu 3 Dec 04:30 (+1h grace)");
        at("2026-12-03T04:29:59Z");
        assertThat(status().state()).isEqualTo(ServiceState.OK);
        at("2026-12-03T04:30:01Z");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status().output()).startsWith("no ping since Thu 26 Nov 05:30");
    }

    @Test
    void theRunAfterTheClocksGoBackIsExpectedAtItsLocalTime() throws Exception {
        // Berlin leaves summer time on Sunday 25 October 2026 at 03:00: the 04:30 run is then at 03:30 UTC, not 02:30.
        start(Instant.parse("2026-10-24T12:00:00Z"), "{name: backup, host: db1, type: push, schedule: '30 4 * * 0', grace: 1h, timezone: Europe/Berlin}");
        at("2026-10-25T04:29:00Z");
        assertThat(status().state()).isEqualTo(ServiceState.PENDING);
        at("2026-10-25T04:31:00Z");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
    }

    @Test
    void aStartedJobThatDoesNotFinishWithinTheGraceIsCriticalAndItsRunTimeIsKeptWhenItDoes() throws Exception {
        start(Instant.parse("2026-11-26T03:00:00Z"), "{name: backup, host: db1, type: push, schedule: '30 4 * * 4', grace: 1h, timezone: UTC}");
        at("2026-11-26T04:30:00Z");
        monitors.ping(uuid(), PushMonitors.Signal.START, null, "");
        at("2026-11-26T05:29:59Z");
        assertThat(status().state()).isEqualTo(ServiceState.PENDING);
        at("2026-11-26T05:30:01Z");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status().output()).isEqualTo("started Thu 26 Nov 04:30 and not finished within the 1h grace time");
        at("2026-11-26T06:00:00Z");
        monitors.ping(uuid(), PushMonitors.Signal.SUCCESS, null, "backup done: 12 GB");
        assertThat(status().state()).isEqualTo(ServiceState.OK);
        assertThat(status().output()).isEqualTo("ping received, ran 1h30m; next expected Thu 3 Dec 04:30 (+1h grace): backup done: 12 GB");
        assertThat(status().perfdata()).singleElement().satisfies(p -> {
            assertThat(p.label()).isEqualTo("runtime");
            assertThat(p.value()).isEqualTo(5400.0);
        });
    }

    @Test
    void aFailureIsCriticalAtOnceWithWhatTheJobSaidAndSecretsMasked() throws Exception {
        start(Instant.parse("2026-11-26T03:00:00Z"), "{name: backup, host: db1, type: push, period: 1d, grace: 10m}");
        monitors.ping(uuid(), PushMonitors.Signal.FAIL, 3, "pg_dump: connection failed\nPGPASSWORD=hunter2 pg_dump -h db1");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(status().output()).isEqualTo("the job reported a failure (exit code 3): pg_dump: connection failed");
        assertThat(status().longOutput()).doesNotContain("hunter2");
        // A failed run is still a run: the next is expected a period later.
        at("2026-11-27T03:09:00Z");
        monitors.ping(uuid(), PushMonitors.Signal.SUCCESS, null, null);
        assertThat(status().state()).isEqualTo(ServiceState.OK);
    }

    @Test
    void aLateRunIsCriticalUntilItPingsAndAnUnknownSecretIsRefused() throws Exception {
        start(Instant.parse("2026-11-26T00:00:00Z"), "{name: backup, host: db1, type: push, period: 1h, grace: 5m}");
        monitors.ping(uuid(), PushMonitors.Signal.SUCCESS, null, "");
        at("2026-11-26T01:04:59Z");
        assertThat(status().state()).isEqualTo(ServiceState.OK);
        at("2026-11-26T01:05:01Z");
        assertThat(status().state()).isEqualTo(ServiceState.CRITICAL);
        at("2026-11-26T01:20:00Z");
        monitors.ping(uuid(), PushMonitors.Signal.SUCCESS, null, "");
        assertThat(status().state()).isEqualTo(ServiceState.OK);
        assertThat(monitors.ping("0f8fad5b-d9cb-469f-a165-70867728950e", PushMonitors.Signal.SUCCESS, null, "")).isFalse();
        assertThat(monitors.ping(null, PushMonitors.Signal.SUCCESS, null, "")).isFalse();
    }

    @Test
    void theSecretAndTheLastPingOutliveARestartAndAConfiguredSecretWins() throws Exception {
        String service = "{name: backup, host: db1, type: push, period: 1h, grace: 5m}";
        start(Instant.parse("2026-11-26T00:00:00Z"), service);
        String secret = uuid();
        assertThat(secret).matches("[0-9a-f-]{36}");
        monitors.ping(secret, PushMonitors.Signal.SUCCESS, null, "");
        // Vigil restarts 30 minutes later: the same secret, and the run is still expected by 01:05.
        start(Instant.parse("2026-11-26T00:30:00Z"), service);
        assertThat(uuid()).isEqualTo(secret);
        assertThat(monitors.monitor(BACKUP).orElseThrow().due()).isEqualTo(Instant.parse("2026-11-26T01:05:00Z"));
        monitors.apply(plan("{name: backup, host: db1, type: push, period: 1h, grace: 5m, uuid: 0F8FAD5B-D9CB-469F-A165-70867728950E}"));
        assertThat(uuid()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(monitors.ping(secret, PushMonitors.Signal.SUCCESS, null, "")).isFalse();
        monitors.apply(plan("{name: other, host: db1, type: passive}"));
        assertThat(monitors.list()).isEmpty();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void badSchedulesAreClearErrors() {
        for (var bad : List.of(
                List.of("{name: b, host: db1, type: push}", "either 'schedule'"),
                List.of("{name: b, host: db1, type: push, schedule: '30 4 * *'}", "invalid cron expression"),
                List.of("{name: b, host: db1, type: push, period: 1d, schedule: '* * * * *'}", "not both"),
                List.of("{name: b, host: db1, type: push, period: 1d, uuid: abc}", "must be a UUID"),
                List.of("{name: b, host: db1, type: push, period: 1d, timezone: Mars/Olympus}", "timezone"))) {
            ConfigErrors errors = new ConfigErrors();
            try {
                PlanReader reader = new PlanReader(errors, java.time.InstantSource.system());
                Section root = new Section((ConfigNode.Mapping) YamlFiles.parse("hosts: [{name: db1}]\nservices:\n  - " + bad.get(0) + "\n",
                        "vigil.yml"), errors);
                reader.addFile(root);
                root.finish();
                reader.build();
            } catch (dev.vigil.core.config.ConfigException e) {
                // the errors are in the list too
            }
            assertThat(errors.list()).as(bad.get(0)).anySatisfy(e -> assertThat(e.toString()).contains(bad.get(1)));
        }
    }
}

package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.access.Tokens;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.core.time.SimulatedScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEngineStoreTest {
    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path dir;

    /** The database under test, the same one each time within a test (reopened, it must hold what was written). */
    Database open() {
        return Database.open(dir);
    }

    private final SimulatedScheduler scheduler = new SimulatedScheduler(START);

    private Plan plan() {
        return plan(Duration.ofHours(26));
    }

    private Plan plan(Duration freshness) {
        Timing immediate = new Timing(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, Duration.ofSeconds(5),
                Timing.DEFAULT.flap());
        var passive = new ServiceDefinition("db", "backup", "passive", null, immediate, freshness,
                ServiceState.CRITICAL, Map.of("name", "backup"), null);
        var host = new HostDefinition("db", "127.0.0.1", List.of(), List.of(), null, null, Timing.DEFAULT,
                Map.of("name", "db"), null);
        return new Plan(Map.of("db", host), Map.of(passive.target(), passive), List.of());
    }

    @Test
    void eachLocationsStatusAndResultsSurviveReopeningAndOnlyDecidedResultsCountForAvailability() {
        Timing timing = new Timing(Duration.ofMinutes(1), Duration.ofSeconds(10), 2, Duration.ofSeconds(5), Timing.DEFAULT.flap());
        var http = new ServiceDefinition("db", "http", "tcp", null, timing, null, ServiceState.UNKNOWN, Map.of("name", "http"), null,
                List.of(), new dev.vigil.checks.config.Locations(List.of("fra", "nyc"), 2));
        var host = new HostDefinition("db", "127.0.0.1", List.of(), List.of(), null, null, Timing.DEFAULT, Map.of("name", "db"), null);
        Plan located = new Plan(Map.of("db", host), Map.of(http.target(), http), List.of());
        Target t = http.target();
        try (Database db = open()) {
            CheckEngine engine = new CheckEngine(scheduler, Runnable::run, new SqliteEngineStore(db, new SqliteEventLog(db)), new Random(1));
            engine.apply(located);
            scheduler.advance(Duration.ofMinutes(10));
            engine.submitAt(t, "fra", CheckResult.of(ServiceState.CRITICAL, "fra: refused"), scheduler.clock().instant());
            engine.submitAt(t, "fra", CheckResult.of(ServiceState.CRITICAL, "fra: refused"), scheduler.clock().instant());
            engine.submitAt(t, "nyc", CheckResult.of(ServiceState.OK, "nyc: fine"), scheduler.clock().instant());
            engine.submitAt(t, "nyc", CheckResult.of(ServiceState.CRITICAL, "late"), START); // history only
            engine.stop();
        }
        try (Database db = open()) {
            SqliteEngineStore store = new SqliteEngineStore(db, new SqliteEventLog(db));
            CheckEngine engine = new CheckEngine(scheduler, Runnable::run, store, new Random(1));
            engine.apply(located);
            assertThat(engine.places(t).get("fra").isHardProblem()).isTrue();
            assertThat(engine.places(t).get("nyc").state()).isEqualTo(ServiceState.OK);
            assertThat(engine.status(t).orElseThrow().state()).isEqualTo(ServiceState.OK);
            var rows = store.results(t, START, 10);
            assertThat(rows).extracting(r -> r.location() + " " + r.stateType()).containsExactly(
                    "null HARD", "nyc HARD", "fra HARD", "fra SOFT", "nyc LATE");
            var availability = store.availability(t, START, Duration.ofDays(1));
            assertThat(availability).singleElement().satisfies(a -> assertThat(a.total()).isEqualTo(1));
        }
    }

    @Test
    void stateEventsAndDowntimesSurviveReopeningTheDatabase() {
        Target backup = Target.service("db", "backup");
        try (Database db = open()) {
            CheckEngine engine = new CheckEngine(scheduler, Runnable::run, new SqliteEngineStore(db, new SqliteEventLog(db)), new Random(1));
            engine.apply(plan());
            engine.submit(backup, new CheckResult(ServiceState.CRITICAL, "BACKUP CRITICAL - dump failed", "line 2",
                    List.of(PerfValue.of("size", 0, "B"))));
            engine.acknowledge(backup, new Acknowledgement("alice", "looking", true, START));
            engine.scheduleDowntime(new Downtime("dt-1", "db", null, null, null, "30 4 * * 4", Duration.ofHours(1),
                    ZoneOffset.UTC, "backup window", "alice"));
            engine.stop();
        }
        try (Database db = open()) {
            SqliteEngineStore store = new SqliteEngineStore(db, new SqliteEventLog(db));
            CheckEngine engine = new CheckEngine(scheduler, Runnable::run, store, new Random(1));
            engine.apply(plan());
            Status s = engine.status(backup).orElseThrow();
            assertThat(s.state()).isEqualTo(ServiceState.CRITICAL);
            assertThat(s.stateType()).isEqualTo(StateType.HARD);
            assertThat(s.acknowledgement().author()).isEqualTo("alice");
            assertThat(s.perfdata()).containsExactly(PerfValue.of("size", 0, "B"));
            assertThat(engine.downtimes()).extracting(Downtime::id).containsExactly("dt-1");

            engine.submit(backup, CheckResult.of(ServiceState.CRITICAL, "BACKUP CRITICAL - dump failed again"));
            var events = new SqliteEventLog(db).newest(null, START.minusSeconds(1), 100);
            assertThat(events).extracting(e -> e.event().kind().id()).containsExactly("acknowledged", "problem");
            assertThat(store.results(backup, START.minusSeconds(1), 10)).extracting(ResultHistory.StoredResult::output)
                    .containsExactly("BACKUP CRITICAL - dump failed again", "BACKUP CRITICAL - dump failed");
        }
    }

    @Test
    void tokensAreStoredHashedAndCanBeRevoked() throws Exception {
        try (Database db = open()) {
            Tokens tokens = new SqliteTokens(db, scheduler.clock());
            Tokens.Created created = tokens.create("ci");
            assertThat(tokens.verify(created.secret())).isPresent();
            assertThat(tokens.verify(created.secret() + "x")).isEmpty();
            assertThat(tokens.verify(null)).isEmpty();
            String dump = java.nio.file.Files.readString(dir.resolve("vigil.db"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + (java.nio.file.Files.exists(dir.resolve("vigil.db-wal"))
                    ? java.nio.file.Files.readString(dir.resolve("vigil.db-wal"), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
            assertThat(dump).doesNotContain(created.secret());
            assertThat(tokens.revoke(created.info().id())).isEqualTo(1);
            assertThat(tokens.verify(created.secret())).isEmpty();
        }
    }

    @Test
    void oldResultsArePrunedByAge() {
        try (Database db = open()) {
            SqliteEngineStore store = new SqliteEngineStore(db, new SqliteEventLog(db));
            CheckEngine engine = new CheckEngine(scheduler, Runnable::run, store, new Random(1));
            engine.apply(plan(null));
            Target backup = Target.service("db", "backup");
            engine.submit(backup, CheckResult.of(ServiceState.OK, "old"));
            scheduler.advance(Duration.ofDays(8));
            engine.submit(backup, CheckResult.of(ServiceState.OK, "new"));
            // the old backup result and the host's first (parent-derived) result
            assertThat(store.pruneResults(scheduler.clock().instant().minus(Duration.ofDays(7)))).isEqualTo(2);
            assertThat(store.results(backup, Instant.EPOCH, 10)).extracting(ResultHistory.StoredResult::output)
                    .containsExactly("new");
        }
    }

    private static dev.vigil.core.event.Event event(Instant at, String kind, dev.vigil.core.event.Severity severity, String fp) {
        return new dev.vigil.core.event.Event(at, "web7", "logs", dev.vigil.core.event.EventKind.of(kind), severity, kind + " " + fp, "", fp, List.of(), null);
    }

    @Test
    void openProblemsFollowTheEventsAndAreBuiltFromAnOlderDatabaseOnUpgrade() throws Exception {
        var critical = dev.vigil.core.event.Severity.CRITICAL;
        var ok = dev.vigil.core.event.Severity.OK;
        // A database as the release before open_problems left it, with problems, a recovery and a reopening.
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("vigil.db").toAbsolutePath();
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("9")
                .load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url)) {
            for (var e : List.of(event(START, "problem", critical, "a"), event(START.plusSeconds(1), "problem", critical, "b"),
                    event(START.plusSeconds(2), "recovery", ok, "b"), event(START.plusSeconds(3), "problem", critical, "c"),
                    event(START.plusSeconds(4), "recovery", ok, "c"), event(START.plusSeconds(5), "problem", critical, "c"),
                    event(START.plusSeconds(6), "problem", critical, "c"))) {
                try (var ps = c.prepareStatement("INSERT INTO events (at, host, source, kind, severity, title, details, "
                        + "fingerprint, evidence, suppression, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', NULL, '{}')")) {
                    ps.setLong(1, e.when().toEpochMilli());
                    ps.setString(2, e.host());
                    ps.setString(3, e.source());
                    ps.setString(4, e.kind().id());
                    ps.setString(5, e.severity().name());
                    ps.setString(6, e.title());
                    ps.setString(7, e.details());
                    ps.setString(8, e.fingerprint());
                    ps.executeUpdate();
                }
            }
        }
        try (Database db = open()) {
            SqliteEventLog store = new SqliteEventLog(db);
            assertThat(store.openProblems(10)).extracting(p -> p.latest().event().fingerprint(), ProblemLog.OpenProblem::since)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("c", START.plusSeconds(5)),
                            org.assertj.core.groups.Tuple.tuple("a", START));
            // From here on the table follows each appended event.
            store.append(List.of(event(START.plusSeconds(7), "recovery", ok, "a"), event(START.plusSeconds(8), "problem", critical, "d"),
                    event(START.plusSeconds(9), "problem", ok, "c")));
            assertThat(store.openProblems(10)).extracting(p -> p.latest().event().fingerprint()).containsExactly("d");
            assertThat(store.acknowledgeProblem("a", "alice", "", START.plusSeconds(10))).isFalse();
            assertThat(store.acknowledgeProblem("d", "alice", "blocked", START.plusSeconds(10))).isTrue();
            assertThat(store.openProblems(10)).singleElement().satisfies(p -> assertThat(p.ack().author()).isEqualTo("alice"));
            assertThat(store.newest("web7", START, 20)).extracting(e -> e.event().kind().id()).first().isEqualTo("acknowledged");
        }
    }
}

package dev.vigil.store;

import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.logs.SavedSearchStore;
import dev.vigil.notify.NotifyStore;
import dev.vigil.integrity.FindingStore;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.metrics.SnapshotStore;
import dev.vigil.testkit.EngineStoreContract;
import dev.vigil.testkit.FindingStoreContract;
import dev.vigil.testkit.FimStoreContract;
import dev.vigil.testkit.ProblemLogContract;
import dev.vigil.testkit.SnapshotStoreContract;
import dev.vigil.testkit.EventLogContract;
import dev.vigil.testkit.NotifyStoreContract;
import dev.vigil.testkit.SavedSearchStoreContract;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite stores pass the contracts the in-memory ones pass (vigil-testkit), each on a fresh database; so do the
 * same stores on PostgreSQL ({@link PostgresStoresContractTest}).
 */
class SqliteStoresContractTest {
    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() {
        db = database(dir);
    }

    /** A fresh, empty database. */
    Database database(Path dir) {
        return Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Nested
    class EventLogs extends EventLogContract {
        @Override
        protected EventLog log() {
            return new SqliteEventLog(db); // a fresh database per test: the log starts empty
        }
    }

    @Nested
    class EngineStores extends EngineStoreContract {
        private SqliteEventLog events;
        private SqliteEngineStore store;

        @Override
        protected EngineStore store() {
            if (store == null) {
                store = new SqliteEngineStore(db, (SqliteEventLog) events());
            }
            return store;
        }

        @Override
        protected EventLog events() {
            if (events == null) {
                events = new SqliteEventLog(db);
            }
            return events;
        }

        @Override
        protected ResultHistory history() {
            return (SqliteEngineStore) store();
        }
    }

    @Nested
    class NotifyStores extends NotifyStoreContract {
        private SqliteNotifyStore store;

        @Override
        protected NotifyStore store() {
            if (store == null) {
                store = new SqliteNotifyStore(db);
            }
            return store;
        }
    }

    @Nested
    class SavedSearchStores extends SavedSearchStoreContract {
        private SavedSearches store;

        @Override
        protected SavedSearchStore store() {
            if (store == null) {
                store = new SavedSearches(db, InstantSource.system());
            }
            return store;
        }
    }

    @Nested
    class PublicIncidentStores extends dev.vigil.testkit.PublicIncidentsContract {
        private SqlitePublicIncidents store;

        @Override
        protected dev.vigil.core.publish.PublicIncidents store() {
            if (store == null) {
                store = new SqlitePublicIncidents(db);
            }
            return store;
        }
    }

    @Nested
    class TraceStores extends dev.vigil.testkit.TraceStoreContract {
        private SqliteTraceStore store;

        @Override
        protected dev.vigil.apm.TraceStore store() {
            if (store == null) {
                store = new SqliteTraceStore(db);
            }
            return store;
        }
    }

    @Nested
    class PushStores extends dev.vigil.testkit.PushStoreContract {
        private SqlitePushStore store;

        @Override
        protected dev.vigil.checks.push.PushStore store() {
            if (store == null) {
                store = new SqlitePushStore(db);
            }
            return store;
        }
    }

    @Nested
    class FindingStores extends FindingStoreContract {
        private OpenFindings store;

        @Override
        protected FindingStore store() {
            if (store == null) {
                store = new OpenFindings(db, InstantSource.system());
            }
            return store;
        }
    }

    @Nested
    class IncidentStores extends dev.vigil.testkit.IncidentStoreContract {
        private SqliteIncidentStore store;

        @Override
        protected dev.vigil.incidents.IncidentStore store() {
            if (store == null) {
                store = new SqliteIncidentStore(db);
            }
            return store;
        }
    }

    @Nested
    class ThreatStores extends dev.vigil.testkit.ThreatStoreContract {
        private SqliteThreatStore store;

        @Override
        protected dev.vigil.threats.triage.ThreatStore store() {
            if (store == null) {
                store = new SqliteThreatStore(db);
            }
            return store;
        }
    }

    @Nested
    class ProblemLogs extends ProblemLogContract {
        private SqliteEventLog log;

        @Override
        protected ProblemLog log() {
            if (log == null) {
                log = new SqliteEventLog(db);
            }
            return log;
        }
    }

    @Nested
    class FimStores extends FimStoreContract {
        private SqliteFimStore store;

        @Override
        protected FimStore store() {
            if (store == null) {
                store = new SqliteFimStore(db, InstantSource.system());
            }
            return store;
        }
    }

    @Nested
    class SnapshotStores extends SnapshotStoreContract {
        private ProcessSnapshots store;

        @Override
        protected SnapshotStore store() {
            if (store == null) {
                store = new ProcessSnapshots(db);
            }
            return store;
        }
    }

    @Nested
    class WebSessions {
        @org.junit.jupiter.api.Test
        void sessionsAreKeptRemovedPerUserAndPrunedWhenEnded() {
            var store = new SqliteSessions(db);
            java.time.Instant t0 = java.time.Instant.parse("2026-12-03T08:00:00Z");
            store.put("k1", new dev.vigil.core.access.SessionStore.Stored("alice", dev.vigil.core.access.Users.Role.ADMIN, 7, "csrf1", t0.plusSeconds(3600)));
            store.put("k2", new dev.vigil.core.access.SessionStore.Stored("alice", dev.vigil.core.access.Users.Role.ADMIN, 7, "csrf2", t0.plusSeconds(60)));
            store.put("k3", new dev.vigil.core.access.SessionStore.Stored("victor", dev.vigil.core.access.Users.Role.VIEWER, 1, "csrf3", t0.plusSeconds(3600)));
            org.assertj.core.api.Assertions.assertThat(store.get("k1")).hasValueSatisfying(s -> {
                org.assertj.core.api.Assertions.assertThat(s.user()).isEqualTo("alice");
                org.assertj.core.api.Assertions.assertThat(s.generation()).isEqualTo(7);
                org.assertj.core.api.Assertions.assertThat(s.csrf()).isEqualTo("csrf1");
            });
            org.assertj.core.api.Assertions.assertThat(store.prune(t0.plusSeconds(120))).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThat(store.get("k2")).isEmpty();
            store.removeUser("alice");
            org.assertj.core.api.Assertions.assertThat(store.get("k1")).isEmpty();
            org.assertj.core.api.Assertions.assertThat(store.get("k3")).isPresent();
            store.remove("k3");
            org.assertj.core.api.Assertions.assertThat(store.get("k3")).isEmpty();
        }
    }
}

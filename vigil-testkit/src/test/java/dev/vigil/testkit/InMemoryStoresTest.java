package dev.vigil.testkit;

import dev.vigil.checks.engine.EngineStore;
import dev.vigil.checks.engine.InMemoryEngineStore;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.logs.InMemorySavedSearchStore;
import dev.vigil.logs.SavedSearchStore;
import dev.vigil.notify.InMemoryNotifyStore;
import dev.vigil.notify.NotifyStore;
import dev.vigil.integrity.FindingStore;
import dev.vigil.integrity.InMemoryFindingStore;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.integrity.fim.InMemoryFimStore;
import dev.vigil.metrics.InMemorySnapshotStore;
import dev.vigil.metrics.SnapshotStore;
import java.time.InstantSource;
import org.junit.jupiter.api.Nested;

/** The in-memory stores pass the same contracts as the SQLite ones (vigil-store runs those). */
class InMemoryStoresTest {
    @Nested
    class EventLogs extends EventLogContract {
        @Override
        protected EventLog log() {
            return new InMemoryEventLog();
        }
    }

    @Nested
    class ProblemLogs extends ProblemLogContract {
        private final InMemoryEventLog log = new InMemoryEventLog();

        @Override
        protected ProblemLog log() {
            return log;
        }
    }

    @Nested
    class EngineStores extends EngineStoreContract {
        private final InMemoryEventLog events = new InMemoryEventLog();
        private final InMemoryEngineStore store = new InMemoryEngineStore(events);

        @Override
        protected EngineStore store() {
            return store;
        }

        @Override
        protected EventLog events() {
            return events;
        }

        @Override
        protected ResultHistory history() {
            return store;
        }
    }

    @Nested
    class NotifyStores extends NotifyStoreContract {
        private final InMemoryNotifyStore store = new InMemoryNotifyStore();

        @Override
        protected NotifyStore store() {
            return store;
        }
    }

    @Nested
    class SavedSearchStores extends SavedSearchStoreContract {
        private final InMemorySavedSearchStore store = new InMemorySavedSearchStore();

        @Override
        protected SavedSearchStore store() {
            return store;
        }
    }

    @Nested
    class PublicIncidentStores extends PublicIncidentsContract {
        private final dev.vigil.core.publish.InMemoryPublicIncidents store = new dev.vigil.core.publish.InMemoryPublicIncidents();

        @Override
        protected dev.vigil.core.publish.PublicIncidents store() {
            return store;
        }
    }

    @Nested
    class TraceStores extends TraceStoreContract {
        private final dev.vigil.apm.InMemoryTraceStore store = new dev.vigil.apm.InMemoryTraceStore();

        @Override
        protected dev.vigil.apm.TraceStore store() {
            return store;
        }
    }

    @Nested
    class PushStores extends PushStoreContract {
        private final dev.vigil.checks.push.InMemoryPushStore store = new dev.vigil.checks.push.InMemoryPushStore();

        @Override
        protected dev.vigil.checks.push.PushStore store() {
            return store;
        }
    }

    @Nested
    class FindingStores extends FindingStoreContract {
        private final InMemoryFindingStore store = new InMemoryFindingStore(InstantSource.system());

        @Override
        protected FindingStore store() {
            return store;
        }
    }

    @Nested
    class IncidentStores extends IncidentStoreContract {
        private final dev.vigil.incidents.InMemoryIncidentStore store = new dev.vigil.incidents.InMemoryIncidentStore();

        @Override
        protected dev.vigil.incidents.IncidentStore store() {
            return store;
        }
    }

    @Nested
    class ThreatStores extends ThreatStoreContract {
        private final dev.vigil.threats.triage.InMemoryThreatStore store = new dev.vigil.threats.triage.InMemoryThreatStore();

        @Override
        protected dev.vigil.threats.triage.ThreatStore store() {
            return store;
        }
    }

    @Nested
    class FimStores extends FimStoreContract {
        private final InMemoryFimStore store = new InMemoryFimStore();

        @Override
        protected FimStore store() {
            return store;
        }
    }

    @Nested
    class SnapshotStores extends SnapshotStoreContract {
        private final InMemorySnapshotStore store = new InMemorySnapshotStore();

        @Override
        protected SnapshotStore store() {
            return store;
        }
    }
}

package dev.vigil.checks.engine;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's state in memory, its events going to {@code events}: for tests (which can restart an engine
 * on the same state), benchmarks and {@code vigil demo}.
 */
public final class InMemoryEngineStore implements EngineStore {
    private final EventLog events;
    private final Map<Target, Status> statuses = new HashMap<>();
    private final Map<String, Downtime> downtimes = new HashMap<>();

    public InMemoryEngineStore(EventLog events) {
        this.events = events;
    }

    @Override
    public synchronized Map<Target, Status> loadStatuses() {
        return new HashMap<>(statuses);
    }

    @Override
    public void record(Status status, CheckResult result, Instant at, List<Event> newEvents) {
        synchronized (this) {
            statuses.put(status.target(), status);
        }
        if (!newEvents.isEmpty()) {
            events.append(newEvents);
        }
    }

    @Override
    public synchronized void forget(Target target) {
        statuses.remove(target);
    }

    @Override
    public synchronized List<Downtime> loadDowntimes() {
        return List.copyOf(downtimes.values());
    }

    @Override
    public synchronized void saveDowntime(Downtime downtime) {
        downtimes.put(downtime.id(), downtime);
    }

    @Override
    public synchronized boolean deleteDowntime(String id) {
        return downtimes.remove(id) != null;
    }
}

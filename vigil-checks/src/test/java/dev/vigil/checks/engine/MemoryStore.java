package dev.vigil.checks.engine;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An engine store kept in memory, so state-machine tests can also restart an engine on the same state. */
final class MemoryStore implements EngineStore {
    final Map<Target, Status> statuses = new HashMap<>();
    final List<Event> events = new ArrayList<>();
    final Map<String, Downtime> downtimes = new HashMap<>();

    @Override
    public synchronized Map<Target, Status> loadStatuses() {
        return new HashMap<>(statuses);
    }

    @Override
    public synchronized void record(Status status, CheckResult result, Instant at, List<Event> newEvents) {
        statuses.put(status.target(), status);
        events.addAll(newEvents);
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

    synchronized List<Event> alerting() {
        return events.stream().filter(Event::alerts).toList();
    }
}

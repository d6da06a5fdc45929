package dev.vigil.checks.engine;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the engine keeps what must survive a restart. {@link #record} is one durable write: when it returns,
 * the status, the result and the events are on disk together (or it throws and none is).
 */
public interface EngineStore {

    Map<Target, Status> loadStatuses();

    /** Persists a new status with the result that caused it (null for acknowledgements) and its events. */
    void record(Status status, CheckResult result, Instant at, List<Event> events);

    /** Each location's own status of the services checked from several places. */
    Map<Target, Map<String, Status>> loadPlaces();

    /**
     * Persists one location's result with that location's new status ({@code place}) and, when the quorum decided the
     * service's state anew, the service's status ({@code status}, else null) and its events, in one durable write. With
     * {@code place} null the result is history only (it came too late to count), stored with the state type {@code LATE}.
     */
    void recordAt(Target target, String location, Status place, CheckResult result, Instant at, Status status, List<Event> events);

    /** Forgets the current status of an object that is no longer monitored; its history stays. */
    void forget(Target target);

    List<Downtime> loadDowntimes();

    void saveDowntime(Downtime downtime);

    boolean deleteDowntime(String id);
}

package dev.vigil.checks.engine;

import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The check results the engine recorded, as the dashboard, the API and the reports read them: each
 * object's recent results and its availability over time. Kept by the same store as the engine's state.
 */
public interface ResultHistory {

    /**
     * One stored check result; {@code location} is where it was checked from, for a service checked from several
     * places (null for the service's own, decided, result).
     */
    record StoredResult(Instant at, String state, String stateType, int attempt, String output,
                        String longOutput, List<PerfValue> perfdata, String location) {
        public StoredResult(Instant at, String state, String stateType, int attempt, String output, String longOutput,
                            List<PerfValue> perfdata) {
            this(at, state, stateType, attempt, output, longOutput, perfdata, null);
        }
    }

    /** How many results of a stretch of time were OK, of how many: one bar of an uptime strip. */
    record Availability(Instant from, long ok, long total) {}

    /** The newest results of {@code target} since {@code since}, newest first. */
    List<StoredResult> results(Target target, Instant since, int limit);

    /**
     * {@code target}'s own results since (a service checked from several places: its decided ones, not each location's) {@code since} in buckets of {@code bucket}, oldest first (buckets without
     * results are left out): what the OK share over a day, a week or a month is made of.
     */
    List<Availability> availability(Target target, Instant since, Duration bucket);

    /** Per host, the OK (or UP) share of its own and its services' results per bucket since {@code since}. */
    Map<String, List<Availability>> availabilityByHost(Instant since, Duration bucket);

    /** Deletes results older than {@code before}; returns how many. */
    int pruneResults(Instant before);
}

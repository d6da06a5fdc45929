package dev.vigil.checks.engine;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.state.Status;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's state in memory, its events going to {@code events}: for tests (which can restart an engine
 * on the same state), benchmarks and {@code vigil demo}.
 */
public final class InMemoryEngineStore implements EngineStore, ResultHistory {
    private final EventLog events;
    private final Map<Target, Status> statuses = new HashMap<>();
    private final Map<String, Downtime> downtimes = new HashMap<>();
    private final Map<Target, List<StoredResult>> results = new HashMap<>();
    private final Map<Target, Map<String, Status>> places = new HashMap<>();

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
            if (result != null) {
                results.computeIfAbsent(status.target(), t -> new ArrayList<>()).add(new StoredResult(at, status.state().name(),
                        status.stateType().name(), status.attempt(), result.output(), result.longOutput(), result.perfdata()));
            }
        }
        if (!newEvents.isEmpty()) {
            events.append(newEvents);
        }
    }

    @Override
    public synchronized Map<Target, Map<String, Status>> loadPlaces() {
        Map<Target, Map<String, Status>> out = new HashMap<>();
        places.forEach((t, m) -> out.put(t, Map.copyOf(m)));
        return out;
    }

    @Override
    public void recordAt(Target target, String location, Status place, CheckResult result, Instant at, Status status,
                         List<Event> newEvents) {
        synchronized (this) {
            if (place != null) {
                places.computeIfAbsent(target, t -> new HashMap<>()).put(location, place);
            }
            results.computeIfAbsent(target, t -> new ArrayList<>()).add(new StoredResult(at, result.state().name(),
                    place == null ? "LATE" : place.stateType().name(), place == null ? 0 : place.attempt(), result.output(),
                    result.longOutput(), result.perfdata(), location));
            if (status != null) {
                statuses.put(status.target(), status);
                results.computeIfAbsent(status.target(), t -> new ArrayList<>()).add(new StoredResult(at, status.state().name(),
                        status.stateType().name(), status.attempt(), status.output(), status.longOutput(), List.of()));
            }
        }
        if (!newEvents.isEmpty()) {
            events.append(newEvents);
        }
    }

    @Override
    public synchronized void forget(Target target) {
        statuses.remove(target);
        places.remove(target);
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

    @Override
    public synchronized List<StoredResult> results(Target target, Instant since, int limit) {
        List<StoredResult> newestFirst = new ArrayList<>(results.getOrDefault(target, List.of()));
        Collections.reverse(newestFirst); // among results of the same instant, the one recorded last comes first
        return newestFirst.stream().filter(r -> !r.at().isBefore(since))
                .sorted(Comparator.comparing(StoredResult::at).reversed()).limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized List<Availability> availability(Target target, Instant since, Duration bucket) {
        return buckets(results.getOrDefault(target, List.of()), since, bucket, Set.of("OK"));
    }

    @Override
    public synchronized Map<String, List<Availability>> availabilityByHost(Instant since, Duration bucket) {
        Map<String, List<StoredResult>> byHost = new HashMap<>();
        results.forEach((t, rs) -> byHost.computeIfAbsent(t.host(), h -> new ArrayList<>()).addAll(rs));
        Map<String, List<Availability>> out = new HashMap<>();
        byHost.forEach((host, rs) -> {
            List<Availability> b = buckets(rs, since, bucket, Set.of("OK", "UP"));
            if (!b.isEmpty()) {
                out.put(host, b);
            }
        });
        return out;
    }

    private static List<Availability> buckets(List<StoredResult> rs, Instant since, Duration bucket, Set<String> good) {
        long start = since.toEpochMilli();
        long width = Math.max(1, bucket.toMillis());
        TreeMap<Long, long[]> counts = new TreeMap<>();
        for (StoredResult r : rs) {
            if (!r.at().isBefore(since) && r.location() == null) { // a location's result is evidence; the decided one counts
                long[] c = counts.computeIfAbsent((r.at().toEpochMilli() - start) / width, b -> new long[2]);
                c[0] += good.contains(r.state()) ? 1 : 0;
                c[1]++;
            }
        }
        List<Availability> out = new ArrayList<>();
        counts.forEach((b, c) -> out.add(new Availability(Instant.ofEpochMilli(start + b * width), c[0], c[1])));
        return out;
    }

    @Override
    public synchronized int pruneResults(Instant before) {
        int n = 0;
        for (List<StoredResult> rs : results.values()) {
            int was = rs.size();
            rs.removeIf(r -> r.at().isBefore(before));
            n += was - rs.size();
        }
        return n;
    }
}

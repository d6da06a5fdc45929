package dev.vigil.apm;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kept traces in memory, for tests. */
public final class InMemoryTraceStore implements TraceStore {
    private final Map<String, Trace> traces = new LinkedHashMap<>();

    @Override
    public synchronized void save(List<Trace> kept) {
        kept.forEach(t -> traces.put(t.traceId(), t));
    }

    @Override
    public synchronized List<Trace> find(Query q) {
        return traces.values().stream()
                .filter(t -> q.service() == null || t.spans().stream().anyMatch(s -> s.service().equals(q.service())))
                .filter(t -> q.minDurationMs() == null || t.durationMs() >= q.minDurationMs())
                .filter(t -> q.error() == null || t.error() == q.error())
                .filter(t -> q.from() == null || !t.start().isBefore(q.from()))
                .filter(t -> q.to() == null || t.start().isBefore(q.to()))
                .sorted(Comparator.comparing(Trace::start).reversed())
                .limit(q.limit())
                .map(t -> new Trace(t.traceId(), t.service(), t.name(), t.start(), t.durationMs(), t.error(), t.kept(), List.of()))
                .toList();
    }

    @Override
    public synchronized Optional<Trace> get(String traceId) {
        return Optional.ofNullable(traces.get(traceId));
    }

    @Override
    public synchronized int prune(Instant before, int max) {
        int n = traces.size();
        traces.values().removeIf(t -> t.start().isBefore(before));
        List<String> oldest = traces.values().stream().sorted(Comparator.comparing(Trace::start)).map(Trace::traceId)
                .limit(Math.max(0, traces.size() - max)).toList();
        oldest.forEach(traces::remove);
        return n - traces.size();
    }
}

package dev.vigil.apm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the kept traces live: in memory for tests, SQLite by default (vigil-store). */
public interface TraceStore {

    /**
     * A kept trace, described by its root (or earliest) span.
     *
     * @param kept why it was kept: {@code error}, {@code slow} or {@code sample}
     */
    record Trace(String traceId, String service, String name, Instant start, double durationMs, boolean error, String kept,
                 List<Span> spans) {
        public Trace {
            spans = List.copyOf(spans);
        }
    }

    /** Which traces: any field may be null (not filtered); newest first, at most {@code limit}. */
    record Query(String service, Double minDurationMs, Boolean error, Instant from, Instant to, int limit) {}

    /** Keeps these traces, durably together (a trace already kept under its id is replaced). */
    void save(List<Trace> traces);

    /** The traces that match, newest first, without their spans (a list of many is cheap). */
    List<Trace> find(Query query);

    Optional<Trace> get(String traceId);

    /** Forgets traces that started before {@code before}, then the oldest beyond {@code max}; how many went. */
    int prune(Instant before, int max);
}

package dev.vigil.apm.derive;

import dev.vigil.apm.Span;
import dev.vigil.apm.FigureSink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Request rate, errors, latency percentiles and Apdex per service, per operation (span name) and per dependency
 * (the calls a service makes: a database, a cache, another service), by the minute. Each minute's latencies are
 * an HdrHistogram, kept compressed for an hour, so a percentile over any part of that hour merges the minutes'
 * distributions (never averages their percentiles). Each closed minute is also written as series.
 */
public final class Operations {
    /** What a service's whole traffic is filed under, beside its operations. */
    public static final String ALL = "";
    private static final int MAX_SERVICES = 500;
    private static final int MAX_NAMES_PER_SERVICE = 200;
    private static final String OTHER = "(other)";
    private static final Duration KEPT = Duration.ofHours(1);

    /** What is measured: a service's requests, one of its operations, or its calls to a dependency. */
    public enum Scope { OPERATION, DEPENDENCY }

    /** One row of figures. */
    public record Key(String service, Scope scope, String name) {}

    /** Figures over a range: rate in requests a second, errorRate a fraction, latencies in milliseconds. */
    public record Figures(String service, String name, long requests, double rate, double errorRate, double p50, double p95,
                          double p99, double apdex) {}

    private static final class Minute {
        long count;
        long errors;
        long satisfied;
        long tolerating;
        final IntCountsHistogram latency = new IntCountsHistogram(3_600_000_000L, 2); // microseconds, up to an hour
    }

    private record Closed(Instant end, long count, long errors, long satisfied, long tolerating, byte[] latency) {}

    private final FigureSink sink;
    private final Duration apdexT;
    private Map<Key, Minute> current = new HashMap<>();
    /** Each operation's p99 over the kept hour and its number of requests, as of the last closed minute. */
    private final Map<Key, double[]> slowest = new HashMap<>();
    /** Where the minute under way began (the end of the last closed one). */
    private Instant currentStart = Instant.EPOCH;
    private final Map<Key, Deque<Closed>> history = new HashMap<>();
    /** The names filed per service this hour (operations and dependencies), to bound them. */
    private final Map<String, java.util.Set<String>> names = new HashMap<>();

    public Operations(FigureSink sink, Duration apdexT) {
        this.sink = sink;
        this.apdexT = apdexT;
    }

    /** Counts one whole trace: its entry spans as requests of their service, its outgoing calls as dependencies. */
    public synchronized void record(List<Span> trace) {
        Map<String, String> serviceOfSpan = new HashMap<>();
        Map<String, String> calledService = new HashMap<>();
        for (Span s : trace) {
            serviceOfSpan.put(s.spanId(), s.service());
        }
        for (Span s : trace) {
            String parentService = serviceOfSpan.get(s.parentSpanId());
            if (s.entry() && parentService != null && !parentService.equals(s.service())) {
                calledService.put(s.parentSpanId(), s.service()); // the call that came into this service
            }
        }
        for (Span s : trace) {
            if (s.entry()) {
                String operation = name(s.service(), s.name());
                if (operation != null) { // null: past the bound on services, a flood of made-up names
                    add(new Key(s.service(), Scope.OPERATION, ALL), s);
                    add(new Key(s.service(), Scope.OPERATION, operation), s);
                }
            } else if (s.exit()) {
                String peer = calledService.getOrDefault(s.spanId(), s.peer());
                String dependency = name(s.service(), peer.isEmpty() ? s.name() : peer);
                if (dependency != null) {
                    add(new Key(s.service(), Scope.DEPENDENCY, dependency), s);
                }
            }
        }
    }

    /** A span's name as filed: bounded per service, so a name made per request (an id in it) cannot take the memory. */
    private String name(String service, String name) {
        String clean = name.isBlank() ? "(unnamed)" : name.length() > 120 ? name.substring(0, 120) : name;
        java.util.Set<String> names = this.names.get(service);
        if (names != null && names.contains(clean)) {
            return clean;
        }
        if (names == null) {
            if (this.names.size() >= MAX_SERVICES) {
                return null;
            }
            names = new java.util.HashSet<>();
            this.names.put(service, names);
        }
        if (names.size() >= MAX_NAMES_PER_SERVICE) {
            return OTHER;
        }
        names.add(clean);
        return clean;
    }

    private void add(Key key, Span s) {
        Minute m = current.computeIfAbsent(key, k -> new Minute());
        double ms = s.durationMs();
        m.count++;
        if (s.error()) {
            m.errors++;
        } else if (ms <= apdexT.toMillis()) {
            m.satisfied++;
        } else if (ms <= 4 * apdexT.toMillis()) {
            m.tolerating++;
        }
        m.latency.recordValue(Math.min(3_600_000_000L, Math.max(0, (long) (ms * 1000))));
    }

    /**
     * Closes the minute that ends at {@code end}: its figures become series (on the service's name as host:
     * {@code apm.requests}, {@code apm.errors}, {@code apm.p50}, {@code apm.p95}, {@code apm.p99}, {@code apm.apdex};
     * per operation and dependency {@code apm.op.NAME.*} and {@code apm.dep.NAME.*}) and join the last hour.
     */
    public synchronized void close(Instant end) {
        Map<Key, Minute> closing = current;
        current = new HashMap<>();
        currentStart = end;
        // A known service with no request this minute had a rate of zero, which is worth a point too.
        for (Key k : history.keySet()) {
            if (k.name().equals(ALL) && k.scope() == Scope.OPERATION) {
                closing.putIfAbsent(k, new Minute());
            }
        }
        for (var e : closing.entrySet()) {
            Key k = e.getKey();
            Minute m = e.getValue();
            ByteBuffer buf = ByteBuffer.allocate(m.latency.getNeededByteBufferCapacity());
            int size = m.latency.encodeIntoCompressedByteBuffer(buf);
            byte[] latency = new byte[size];
            buf.flip();
            buf.get(latency);
            Deque<Closed> kept = history.computeIfAbsent(k, x -> new ArrayDeque<>());
            kept.addLast(new Closed(end, m.count, m.errors, m.satisfied, m.tolerating, latency));
            write(k, m, end);
        }
        Instant oldest = end.minus(KEPT);
        history.values().forEach(d -> {
            while (!d.isEmpty() && !d.peekFirst().end().isAfter(oldest)) {
                d.removeFirst();
            }
        });
        history.values().removeIf(Deque::isEmpty);
        names.clear();
        history.keySet().forEach(k -> names.computeIfAbsent(k.service(), x -> new java.util.HashSet<>()).add(k.name()));
        slowest.clear();
        for (Key k : history.keySet()) {
            if (k.scope() == Scope.OPERATION && !k.name().equals(ALL)) {
                Figures f = merge(k.service(), k.name(), k, Instant.EPOCH, end);
                slowest.put(k, new double[] {f.p99(), f.requests()});
            }
        }
    }

    private void write(Key k, Minute m, Instant at) {
        String prefix = k.name().equals(ALL) ? "apm." : (k.scope() == Scope.OPERATION ? "apm.op." : "apm.dep.") + seriesName(k.name()) + ".";
        String host = seriesName(k.service());
        record(host, prefix + "requests", "req/s", m.count / 60.0, at);
        if (m.count == 0) {
            return;
        }
        record(host, prefix + "errors", "%", 100.0 * m.errors / m.count, at);
        record(host, prefix + "p95", "ms", m.latency.getValueAtPercentile(95) / 1000.0, at);
        if (k.name().equals(ALL)) {
            record(host, prefix + "p50", "ms", m.latency.getValueAtPercentile(50) / 1000.0, at);
            record(host, prefix + "p99", "ms", m.latency.getValueAtPercentile(99) / 1000.0, at);
            record(host, prefix + "apdex", "", apdex(m.count, m.satisfied, m.tolerating), at);
        }
    }

    private void record(String host, String name, String unit, double value, Instant at) {
        try {
            sink.record(host, name, unit, at, value);
        } catch (IllegalArgumentException e) {
            // a name the store refuses even cleaned: its figures stay in the API only
        }
    }

    /**
     * Series names keep letters, digits and a few marks; the rest (braces, quotes) become '_'. A service's name
     * so cleaned is the host its series and deploys are filed under.
     */
    public static String seriesName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_.:@%/ +=,-]", "_").replace("..", "_");
        clean = clean.startsWith("/") ? "_" + clean.substring(1) : clean;
        return clean.isEmpty() ? "_" : clean.length() > 120 ? clean.substring(0, 120) : clean;
    }

    private static double apdex(long count, long satisfied, long tolerating) {
        return count == 0 ? Double.NaN : (satisfied + tolerating / 2.0) / count;
    }

    /** The figures of every service (its whole traffic) over the closed minutes since {@code from}. */
    public synchronized List<Figures> services(Instant from, Instant to) {
        return figures(k -> k.scope() == Scope.OPERATION && k.name().equals(ALL), from, to);
    }

    /**
     * A service's figures minute by minute over the kept hour (closed minutes, then the one under way), oldest first:
     * what the Applications page draws as sparklines.
     */
    public synchronized List<Figures> minutes(String service) {
        Key key = new Key(service, Scope.OPERATION, ALL);
        List<Figures> out = new ArrayList<>();
        for (Closed c : history.getOrDefault(key, new ArrayDeque<>())) {
            out.add(merge(service, service, key, c.end().minusSeconds(1), c.end()));
        }
        if (current.containsKey(key)) {
            out.add(merge(service, service, key, currentStart.plusSeconds(1), currentStart.plusSeconds(60)));
        }
        return out;
    }

    /**
     * Every call from a service to what it depends on (service map's edges): {@link Figures#service()} the caller,
     * {@link Figures#name()} the callee, a service when that one sends traces too.
     */
    public synchronized List<Figures> calls(Instant from, Instant to) {
        return figures(k -> k.scope() == Scope.DEPENDENCY, from, to);
    }

    /** The figures of a service's operations or of its dependencies. */
    public synchronized List<Figures> of(String service, Scope scope, Instant from, Instant to) {
        return figures(k -> k.service().equals(service) && k.scope() == scope && !k.name().equals(ALL), from, to);
    }

    /**
     * An operation's 99th percentile over the kept hour, in milliseconds, or NaN with fewer than {@code min} requests.
     * Computed when a minute closes (the sampler asks for every trace, and merging an hour of histograms each time
     * would cost more than the rest of the intake).
     */
    public synchronized double p99(String service, String operation, int min) {
        double[] p = slowest.get(new Key(service, Scope.OPERATION, operation));
        return p == null || p[1] < min ? Double.NaN : p[0];
    }

    private List<Figures> figures(java.util.function.Predicate<Key> which, Instant from, Instant to) {
        java.util.Set<Key> keys = new java.util.HashSet<>(history.keySet());
        keys.addAll(current.keySet());
        List<Figures> out = new ArrayList<>();
        for (Key k : keys) {
            if (which.test(k)) {
                Figures f = merge(k.service(), k.name().equals(ALL) ? k.service() : k.name(), k, from, to);
                if (f.requests() > 0 || k.name().equals(ALL)) {
                    out.add(f);
                }
            }
        }
        out.sort(Comparator.comparing(Figures::service).thenComparing(Figures::name));
        return out;
    }

    /** The closed minutes of {@code key} within the range, and the minute under way when the range reaches it. */
    private Figures merge(String service, String name, Key key, Instant from, Instant to) {
        Histogram all = new Histogram(3_600_000_000L, 2);
        long count = 0;
        long errors = 0;
        long satisfied = 0;
        long tolerating = 0;
        Instant first = null;
        Instant last = null;
        for (Closed c : history.getOrDefault(key, new ArrayDeque<>())) {
            if (c.end().isAfter(from) && !c.end().isAfter(to)) {
                count += c.count();
                errors += c.errors();
                satisfied += c.satisfied();
                tolerating += c.tolerating();
                first = first == null ? c.end().minusSeconds(60) : first;
                last = c.end();
                try {
                    all.add(IntCountsHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(c.latency()), 0));
                } catch (DataFormatException e) {
                    throw new IllegalStateException("a kept latency distribution is unreadable", e);
                }
            }
        }
        Minute now = current.get(key);
        if (now != null && to.isAfter(currentStart)) {
            count += now.count;
            errors += now.errors;
            satisfied += now.satisfied;
            tolerating += now.tolerating;
            all.add(now.latency);
            first = first == null ? currentStart : first;
            last = currentStart.plusSeconds(60);
        }
        double seconds = first == null ? 60 : Math.max(60, Duration.between(first, last).toSeconds());
        return new Figures(service, name, count, count / seconds, count == 0 ? 0 : (double) errors / count,
                count == 0 ? Double.NaN : all.getValueAtPercentile(50) / 1000.0, count == 0 ? Double.NaN : all.getValueAtPercentile(95) / 1000.0,
                count == 0 ? Double.NaN : all.getValueAtPercentile(99) / 1000.0, apdex(count, satisfied, tolerating));
    }
}

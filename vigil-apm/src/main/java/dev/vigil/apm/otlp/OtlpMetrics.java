package dev.vigil.apm.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OTLP metrics (protobuf, what OpenTelemetry's SDKs and Java agent send) turned into plain numbers for the metric
 * store, one series per metric and attribute set, on the host the resource names ({@code host.name}, else the
 * {@code service.name}):
 * <ul>
 *   <li>a gauge, and a sum that is not monotonic (memory in use, threads): its value;</li>
 *   <li>a monotonic sum (requests, bytes): {@code NAME.rate}, per second since its previous point (from the
 *       difference for cumulative sums, from the point's own interval for delta ones);</li>
 *   <li>a histogram or exponential histogram (request durations): {@code NAME.count} and {@code NAME.sum} per
 *       second, and {@code NAME.p50}, {@code .p95}, {@code .p99} estimated within the buckets of the interval.</li>
 * </ul>
 * Cumulative points are turned into intervals against the previous one, kept here per series (bounded).
 */
public final class OtlpMetrics {
    private static final int MAX_KEPT = 100_000;

    /** One number for the store. */
    public record Point(String host, String name, String unit, Instant at, double value) {}

    /** The previous cumulative point of a series: its time, total and bucket counts. */
    private record Previous(long timeNanos, double total, double count, double[] buckets) {}

    private final Map<String, Previous> previous = new HashMap<>();

    /** The points of one protobuf export; one that is not OTLP is refused with what was wrong. */
    public List<Point> read(byte[] body) {
        try {
            return read(ExportMetricsServiceRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the body is not an OTLP protobuf export: " + e.getMessage());
        }
    }

    /** The points of one OTLP/JSON export. */
    public List<Point> readJson(byte[] body) {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        OtlpJsonExport.merge(body, b);
        return read(b.build());
    }

    private synchronized List<Point> read(ExportMetricsServiceRequest request) {
        List<Point> out = new ArrayList<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String host = "unknown_service";
            String service = null;
            for (KeyValue a : rm.getResource().getAttributesList()) {
                if (a.getKey().equals("host.name")) {
                    host = a.getValue().getStringValue();
                } else if (a.getKey().equals("service.name")) {
                    service = a.getValue().getStringValue();
                }
            }
            if (host.equals("unknown_service") && service != null) {
                host = service;
            }
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    metric(host, m, out);
                }
            }
        }
        if (previous.size() > MAX_KEPT) {
            previous.clear(); // a flood of attribute sets: start the intervals again rather than grow
        }
        return out;
    }

    private void metric(String host, Metric m, List<Point> out) {
        String unit = m.getUnit();
        switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> out.add(point(host, name(m.getName(), p.getAttributesList()), unit,
                    p.getTimeUnixNano(), number(p))));
            case SUM -> {
                boolean cumulative = m.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    String name = name(m.getName(), p.getAttributesList());
                    if (!m.getSum().getIsMonotonic()) {
                        out.add(point(host, name, unit, p.getTimeUnixNano(), number(p)));
                        continue;
                    }
                    double per = perSecond(host + "/" + name, cumulative, p.getStartTimeUnixNano(), p.getTimeUnixNano(), number(p));
                    if (!Double.isNaN(per)) {
                        out.add(point(host, name + ".rate", unit + "/s", p.getTimeUnixNano(), per));
                    }
                }
            }
            case HISTOGRAM -> {
                boolean cumulative = m.getHistogram().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (var p : m.getHistogram().getDataPointsList()) {
                    double[] counts = p.getBucketCountsList().stream().mapToDouble(Long::doubleValue).toArray();
                    double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
                    histogram(host, name(m.getName(), p.getAttributesList()), unit, cumulative, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                            p.getSum(), p.getCount(), counts, bounds, out);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                boolean cumulative = m.getExponentialHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (var p : m.getExponentialHistogram().getDataPointsList()) {
                    // Positive buckets only (durations and sizes); bucket i covers (base^(offset+i), base^(offset+i+1)].
                    double base = Math.pow(2, Math.pow(2, -p.getScale()));
                    var positive = p.getPositive();
                    int n = positive.getBucketCountsCount();
                    // As explicit buckets: the zero bucket up to the first lower bound, then each positive bucket's upper bound.
                    double[] counts = new double[n + 1];
                    double[] bounds = new double[n + 1];
                    counts[0] = p.getZeroCount();
                    for (int k = 0; k <= n; k++) {
                        bounds[k] = Math.pow(base, positive.getOffset() + k);
                        if (k < n) {
                            counts[k + 1] = positive.getBucketCounts(k);
                        }
                    }
                    histogram(host, name(m.getName(), p.getAttributesList()), unit, cumulative, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                            p.getSum(), p.getCount(), counts, bounds, out);
                }
            }
            default -> { } // summaries are a legacy of Prometheus clients: not taken
        }
    }

    private void histogram(String host, String name, String unit, boolean cumulative, long start, long time, double sum, long count,
                           double[] counts, double[] bounds, List<Point> out) {
        String key = host + "/" + name;
        double[] interval = counts;
        double seconds;
        double intervalSum = sum;
        double intervalCount = count;
        if (cumulative) {
            Previous prev = previous.put(key, new Previous(time, sum, count, counts.clone()));
            if (prev == null || prev.buckets().length != counts.length || count < prev.count() || time <= prev.timeNanos()) {
                return; // the first point of a series (or a restart of its process): the next one gives an interval
            }
            interval = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                interval[i] = counts[i] - prev.buckets()[i];
            }
            intervalSum = sum - prev.total();
            intervalCount = count - prev.count();
            seconds = (time - prev.timeNanos()) / 1e9;
        } else {
            seconds = Math.max(1e-3, (time - start) / 1e9);
        }
        out.add(point(host, name + ".count", "1/s", time, intervalCount / seconds));
        out.add(point(host, name + ".sum", unit + "/s", time, intervalSum / seconds));
        if (intervalCount > 0) {
            for (double q : new double[] {50, 95, 99}) {
                out.add(point(host, name + ".p" + (int) q, unit, time, quantile(interval, bounds, q / 100)));
            }
        }
    }

    /** The value below which a share {@code q} of the interval's observations fall, linear within its bucket. */
    static double quantile(double[] counts, double[] bounds, double q) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double rank = q * total;
        double seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && seen + counts[i] >= rank) {
                double lower = i == 0 ? Math.min(0, bounds.length > 0 ? bounds[0] : 0) : bounds[i - 1];
                double upper = i < bounds.length ? bounds[i] : bounds.length > 0 ? bounds[bounds.length - 1] : 0;
                return lower + (upper - lower) * ((rank - seen) / counts[i]);
            }
            seen += counts[i];
        }
        return bounds.length > 0 ? bounds[bounds.length - 1] : 0;
    }

    private double perSecond(String key, boolean cumulative, long start, long time, double value) {
        if (!cumulative) {
            return value / Math.max(1e-3, (time - start) / 1e9);
        }
        Previous prev = previous.put(key, new Previous(time, value, 0, null));
        if (prev == null || value < prev.total() || time <= prev.timeNanos()) {
            return Double.NaN;
        }
        return (value - prev.total()) / ((time - prev.timeNanos()) / 1e9);
    }

    private static double number(NumberDataPoint p) {
        return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    }

    private static Point point(String host, String name, String unit, long timeNanos, double value) {
        return new Point(host, name, unit, Instant.ofEpochSecond(0, timeNanos), value);
    }

    /** The metric's name with its attributes in order, as StatsD's and InfluxDB's tags are named; unsafe values become '_'. */
    static String name(String metric, List<KeyValue> attributes) {
        TreeMap<String, String> tags = new TreeMap<>();
        for (KeyValue a : attributes) {
            var v = a.getValue();
            String text = switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> String.valueOf(v.getIntValue());
                case BOOL_VALUE -> String.valueOf(v.getBoolValue());
                case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
                default -> null;
            };
            if (text != null) {
                tags.put(clean(a.getKey()), clean(text));
            }
        }
        StringBuilder b = new StringBuilder(clean(metric));
        tags.forEach((k, v) -> b.append(',').append(k).append('=').append(v));
        return b.toString();
    }

    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9_.:@%/+-]", "_").replace("..", "_");
        return c.isEmpty() ? "_" : c.length() > 100 ? c.substring(0, 100) : c;
    }
}

package dev.vigil.apm.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpMetricsTest {
    private static final long T0 = 1_796_000_000_000_000_000L;

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    /** An export as the Java agent sends it every interval: cumulative sums and histograms, and a gauge. */
    private static byte[] export(long at, long requests, long[] buckets, double sum) {
        long count = java.util.Arrays.stream(buckets).sum();
        HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(at).setCount(count).setSum(sum)
                .addAllExplicitBounds(List.of(0.1, 0.5, 1.0)).addAttributes(kv("http.route", "/checkout"));
        for (long b : buckets) {
            h.addBucketCounts(b);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "shop")).addAttributes(kv("host.name", "web1")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("jvm.memory.used").setUnit("By").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(at).setAsInt(123_456_789)
                                        .addAttributes(kv("jvm.memory.pool.name", "G1 Old Gen")))))
                        .addMetrics(Metric.newBuilder().setName("http.server.requests").setUnit("1").setSum(Sum.newBuilder().setIsMonotonic(true)
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(at).setAsInt(requests))))
                        .addMetrics(Metric.newBuilder().setName("http.server.request.duration").setUnit("s").setHistogram(Histogram.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(h)))))
                .build().toByteArray();
    }

    @Test
    void gaugesAreTakenAsTheyAreAndCumulativeOnesAsIntervals() {
        OtlpMetrics m = new OtlpMetrics();
        List<OtlpMetrics.Point> first = m.read(export(T0 + 10_000_000_000L, 100, new long[] {80, 10, 10, 0}, 20));
        // The first cumulative point only primes the intervals.
        assertThat(first).extracting(OtlpMetrics.Point::name).containsExactly("jvm.memory.used,jvm.memory.pool.name=G1_Old_Gen");
        assertThat(first.get(0).host()).isEqualTo("web1");
        assertThat(first.get(0).value()).isEqualTo(123_456_789);

        // Ten seconds later: 100 more requests, 90 of them between 0.5 and 1 s.
        Map<String, Double> next = m.read(export(T0 + 20_000_000_000L, 200, new long[] {80, 10, 100, 10}, 100)).stream()
                .collect(Collectors.toMap(OtlpMetrics.Point::name, OtlpMetrics.Point::value));
        assertThat(next.get("http.server.requests.rate")).isCloseTo(10.0, within(1e-9));
        assertThat(next.get("http.server.request.duration,http.route=/checkout.count")).isCloseTo(10.0, within(1e-9));
        assertThat(next.get("http.server.request.duration,http.route=/checkout.sum")).isCloseTo(8.0, within(1e-9));
        // Of the interval's 100: 90 in (0.5, 1], 10 above 1 s: the median lies in the third bucket, p99 past the last bound.
        assertThat(next.get("http.server.request.duration,http.route=/checkout.p50")).isBetween(0.5, 1.0);
        assertThat(next.get("http.server.request.duration,http.route=/checkout.p99")).isEqualTo(1.0);
    }

    @Test
    void aQuantileIsInterpolatedWithinItsBucket() {
        assertThat(OtlpMetrics.quantile(new double[] {0, 10, 0}, new double[] {1, 2}, 0.5)).isCloseTo(1.5, within(1e-9));
        assertThat(OtlpMetrics.quantile(new double[] {10, 0, 0}, new double[] {1, 2}, 0.5)).isCloseTo(0.5, within(1e-9));
    }
}

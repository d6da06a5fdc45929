package dev.vigil.metrics.collect.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
    @Test
    void parsesTypesEscapesSpecialValuesTimestampsAndHistograms() {
        Exposition.Parsed p = Exposition.parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                nan_value NaN
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                this is not a metric line
                """, 1000);
        assertThat(p.malformed()).isEqualTo(1);
        assertThat(p.samples()).hasSize(10);
        Exposition.Sample first = p.samples().get(0);
        assertThat(first.labels()).isEqualTo(Map.of("method", "post", "code", "200"));
        assertThat(first.value()).isEqualTo(1027);
        assertThat(first.type()).isEqualTo("counter");
        assertThat(p.samples().get(2).labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(p.samples().get(2).labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(p.samples().get(4).value()).isInfinite();
        assertThat(p.samples().get(5).value()).isNaN();
        assertThat(p.samples().get(6).type()).isEqualTo("histogram");
        assertThat(p.samples().get(9).type()).isEqualTo("histogram");
    }

    @Test
    void aHugeExpositionIsCutAtTheLimit() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            b.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        Exposition.Parsed p = Exposition.parse(b.toString(), 10_000);
        assertThat(p.samples()).hasSize(10_000);
        assertThat(p.truncated()).isTrue();
    }

    @Test
    void seriesNamesAreSafe() {
        var s = new Exposition.Sample("node_filesystem_avail_bytes", new java.util.TreeMap<>(Map.of("mountpoint", "/../etc")), 1, "gauge");
        assertThat(PrometheusCollector.seriesName(s)).isEqualTo("node_filesystem_avail_bytes.mountpoint=____etc");
    }
}

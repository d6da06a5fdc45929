package dev.vigil.apm.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpLogsTest {
    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    @Test
    void aRecordBecomesASyslogLineWithItsTraceAndSpan() {
        HexFormat hex = HexFormat.of();
        Instant at = Instant.parse("2026-12-03T04:30:12Z");
        byte[] body = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "shop")).addAttributes(kv("host.name", "web 1")))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(at.getEpochSecond() * 1_000_000_000L).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                        .setBody(AnyValue.newBuilder().setStringValue("payment failed\nfor order 42"))
                        .setTraceId(ByteString.copyFrom(hex.parseHex("5b8efff798038103d269b633813fc60c")))
                        .setSpanId(ByteString.copyFrom(hex.parseHex("eee19b7ec3c1b174"))))))
                .build().toByteArray();

        var lines = OtlpLogs.read(body, at.plusSeconds(5), ZoneOffset.UTC);

        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.host()).isEqualTo("web_1");
            assertThat(l.service()).isEqualTo("shop");
            assertThat(l.time()).isEqualTo(at);
            assertThat(l.text()).isEqualTo("Dec  3 04:30:12 web_1 shop: WARN payment failed for order 42 "
                    + "trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174");
        });
    }

    @Test
    void jsonRecordsTakeTheSamePathWithTheirHexIds() {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"1796272212000000000","severityNumber":17,
                   "body":{"stringValue":"checkout failed"},"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174"}]}]}]}
                """;
        var lines = OtlpLogs.readJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Instant.EPOCH, ZoneOffset.UTC);
        assertThat(lines).singleElement().satisfies(l -> assertThat(l.text())
                .endsWith("shop shop: ERROR checkout failed trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174"));
        assertThatThrownBy(() -> OtlpLogs.readJson("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), Instant.EPOCH, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId must be hex digits");
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> OtlpLogs.read(new byte[] {(byte) 0xff, 1}, Instant.EPOCH, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OTLP protobuf export");
    }
}

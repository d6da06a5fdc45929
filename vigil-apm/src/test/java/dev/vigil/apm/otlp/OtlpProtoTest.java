package dev.vigil.apm.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.vigil.apm.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpProtoTest {
    private static KeyValue kv(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    @Test
    void readsWhatOpenTelemetrysSdksSend() {
        HexFormat hex = HexFormat.of();
        var span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(hex.parseHex("eee19b7ec3c1b174")))
                .setName("GET /users/{id}").setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_544_712_660_000_000_000L).setEndTimeUnixNano(1_544_712_660_045_000_000L)
                .addAttributes(kv("http.route", AnyValue.newBuilder().setStringValue("/users/{id}").build()))
                .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(200).build()))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .build();
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("users").build())))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();

        List<Span> spans = OtlpProto.traces(body);

        assertThat(spans).singleElement().satisfies(s -> {
            assertThat(s.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
            assertThat(s.spanId()).isEqualTo("eee19b7ec3c1b174");
            assertThat(s.parentSpanId()).isEmpty();
            assertThat(s.service()).isEqualTo("users");
            assertThat(s.kind()).isEqualTo(Span.Kind.SERVER);
            assertThat(s.status()).isEqualTo(Span.Status.OK);
            assertThat(s.durationMs()).isEqualTo(45.0);
            assertThat(s.attributes()).containsEntry("http.route", "/users/{id}").containsEntry("http.response.status_code", 200L);
        });
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> OtlpProto.traces(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OTLP protobuf export");
    }

    @Test
    void aTruncatedExportIsRefusedAndAHugeValueCut() {
        HexFormat hex = HexFormat.of();
        var span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(hex.parseHex("eee19b7ec3c1b174"))).setName("POST /upload")
                .addAttributes(kv("http.request.body", AnyValue.newBuilder().setStringValue("x".repeat(1_000_000)).build()));
        for (int i = 0; i < 500; i++) {
            span.addAttributes(kv("a" + i, AnyValue.newBuilder().setIntValue(i).build()));
        }
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();

        assertThatThrownBy(() -> OtlpProto.traces(java.util.Arrays.copyOf(body, body.length / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OTLP protobuf export");
        Span read = OtlpProto.traces(body).get(0);
        assertThat(read.attributes()).hasSize(128);
        assertThat(read.attributes().get("http.request.body").toString()).hasSize(4096 + " (995904 more characters)".length() + 1)
                .endsWith("(995904 more characters)");
    }
}

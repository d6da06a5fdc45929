package dev.vigil.apm.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.apm.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/** OTLP/protobuf trace exports, what OpenTelemetry's SDKs and agents send by default. */
public final class OtlpProto {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpProto() {}

    public static List<Span> traces(byte[] body) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the body is not an OTLP protobuf export: " + e.getMessage());
        }
        List<Span> spans = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = "unknown_service";
            Object version = null;
            for (KeyValue a : rs.getResource().getAttributesList()) {
                if (a.getKey().equals("service.name")) {
                    service = String.valueOf(value(a.getValue()));
                } else if (a.getKey().equals(Span.VERSION)) {
                    version = value(a.getValue());
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (var s : ss.getSpansList()) {
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    s.getAttributesList().forEach(a -> attributes.put(a.getKey(), value(a.getValue())));
                    if (version != null) {
                        attributes.putIfAbsent(Span.VERSION, version);
                    }
                    spans.add(new Span(id(s.getTraceId(), 16, "traceId"), id(s.getSpanId(), 8, "spanId"),
                            s.getParentSpanId().isEmpty() ? "" : id(s.getParentSpanId(), 8, "parentSpanId"), service, s.getName(),
                            kind(s.getKindValue()), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                            s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? Span.Status.ERROR
                                    : s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_OK ? Span.Status.OK : Span.Status.UNSET,
                            s.getStatus().getMessage(), attributes));
                }
            }
        }
        return spans;
    }

    private static String id(ByteString bytes, int length, String what) {
        if (bytes.size() != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
        return HEX.formatHex(bytes.toByteArray());
    }

    private static Span.Kind kind(int value) {
        Span.Kind[] kinds = Span.Kind.values();
        return value >= 0 && value < kinds.length ? kinds[value] : Span.Kind.UNSPECIFIED;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpProto::value).toList();
            case KVLIST_VALUE -> {
                Map<String, Object> out = new LinkedHashMap<>();
                v.getKvlistValue().getValuesList().forEach(e -> out.put(e.getKey(), value(e.getValue())));
                yield out;
            }
            case BYTES_VALUE -> HEX.formatHex(v.getBytesValue().toByteArray());
            default -> "";
        };
    }
}

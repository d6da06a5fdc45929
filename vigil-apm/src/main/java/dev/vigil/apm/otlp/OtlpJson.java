package dev.vigil.apm.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.apm.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OTLP/JSON trace exports ({@code ExportTraceServiceRequest} in the protobuf JSON mapping, with OTLP's own
 * rule that trace and span ids are hex strings, not base64).
 */
public final class OtlpJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpJson() {}

    /** The spans of one export; an export that is not OTLP/JSON is refused with what was wrong. */
    public static List<Span> traces(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an OTLP/JSON export: {\"resourceSpans\":[...]}");
        }
        List<Span> spans = new ArrayList<>();
        for (JsonNode rs : root.path("resourceSpans")) {
            String service = "unknown_service";
            Object version = null;
            for (JsonNode a : rs.path("resource").path("attributes")) {
                if (a.path("key").asText().equals("service.name")) {
                    service = String.valueOf(value(a.path("value")));
                } else if (a.path("key").asText().equals(Span.VERSION)) {
                    version = value(a.path("value"));
                }
            }
            List<JsonNode> scopes = new ArrayList<>();
            rs.path("scopeSpans").forEach(scopes::add);
            rs.path("instrumentationLibrarySpans").forEach(scopes::add); // before OTLP 0.15
            for (JsonNode ss : scopes) {
                for (JsonNode s : ss.path("spans")) {
                    spans.add(span(service, version, s));
                }
            }
        }
        return spans;
    }

    private static Span span(String service, Object version, JsonNode s) {
        String traceId = id(s.path("traceId").asText(), 32, "traceId");
        String spanId = id(s.path("spanId").asText(), 16, "spanId");
        String parent = s.path("parentSpanId").asText("");
        parent = parent.isEmpty() ? "" : id(parent, 16, "parentSpanId");
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (JsonNode a : s.path("attributes")) {
            attributes.put(a.path("key").asText(), value(a.path("value")));
        }
        if (version != null) {
            attributes.putIfAbsent(Span.VERSION, version);
        }
        JsonNode status = s.path("status");
        return new Span(traceId, spanId, parent, service, s.path("name").asText(""), kind(s.path("kind")),
                nanos(s.path("startTimeUnixNano")), nanos(s.path("endTimeUnixNano")), status(status.path("code")),
                status.path("message").asText(""), attributes);
    }

    /** Ids are hex in OTLP/JSON; upper case is accepted and kept as lower case. */
    static String id(String hex, int length, String what) {
        if (hex.length() != length || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(what + " must be " + length + " hex digits");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** 64-bit integers may come as JSON strings or numbers. */
    private static long nanos(JsonNode n) {
        try {
            return n.isNumber() ? n.asLong() : Long.parseLong(n.asText("0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a span time is not a number of nanoseconds");
        }
    }

    private static Span.Kind kind(JsonNode n) {
        if (n.isInt()) {
            Span.Kind[] kinds = Span.Kind.values();
            return n.asInt() >= 0 && n.asInt() < kinds.length ? kinds[n.asInt()] : Span.Kind.UNSPECIFIED;
        }
        String name = n.asText("").replace("SPAN_KIND_", "");
        try {
            return Span.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Span.Kind.UNSPECIFIED;
        }
    }

    private static Span.Status status(JsonNode n) {
        if (n.isInt()) {
            return n.asInt() == 2 ? Span.Status.ERROR : n.asInt() == 1 ? Span.Status.OK : Span.Status.UNSET;
        }
        return switch (n.asText("")) {
            case "STATUS_CODE_ERROR" -> Span.Status.ERROR;
            case "STATUS_CODE_OK" -> Span.Status.OK;
            default -> Span.Status.UNSET;
        };
    }

    /** An AnyValue: string, bool, int (a string in JSON), double, array or key-value list. */
    private static Object value(JsonNode v) {
        if (v.has("stringValue")) {
            return v.get("stringValue").asText();
        }
        if (v.has("boolValue")) {
            return v.get("boolValue").asBoolean();
        }
        if (v.has("intValue")) {
            return v.get("intValue").asLong();
        }
        if (v.has("doubleValue")) {
            return v.get("doubleValue").asDouble();
        }
        if (v.has("arrayValue")) {
            List<Object> out = new ArrayList<>();
            v.get("arrayValue").path("values").forEach(e -> out.add(value(e)));
            return out;
        }
        if (v.has("kvlistValue")) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.get("kvlistValue").path("values").forEach(e -> out.put(e.path("key").asText(), value(e.path("value"))));
            return out;
        }
        if (v.has("bytesValue")) {
            return v.get("bytesValue").asText();
        }
        return "";
    }
}

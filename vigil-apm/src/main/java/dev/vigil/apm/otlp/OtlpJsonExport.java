package dev.vigil.apm.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * OTLP/JSON read into OTLP's protobuf messages with protobuf's own JSON mapping, after OTLP's one departure from it:
 * trace and span ids are hex strings in OTLP/JSON, base64 in protobuf's mapping. So a JSON export takes the same
 * path as a protobuf one.
 */
final class OtlpJsonExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJsonExport() {}

    /** Merges the export into {@code builder}; an export that is not OTLP/JSON is refused with what was wrong. */
    static void merge(byte[] body, Message.Builder builder) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an OTLP/JSON export object");
        }
        ids(root);
        try {
            PARSER.merge(JSON.writeValueAsString(root), builder);
        } catch (IOException e) { // protobuf's InvalidProtocolBufferException among them
            throw new IllegalArgumentException("the body is not an OTLP/JSON export: " + e.getMessage());
        }
    }

    /** Every traceId, spanId and parentSpanId from hex to base64, wherever it is (spans, log records, exemplars). */
    private static void ids(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String k = e.getKey();
                if ((k.equals("traceId") || k.equals("spanId") || k.equals("parentSpanId")) && e.getValue().isTextual()) {
                    String hex = e.getValue().asText();
                    try {
                        o.put(k, hex.isEmpty() ? "" : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException(k + " must be hex digits");
                    }
                } else {
                    ids(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(OtlpJsonExport::ids);
        }
    }
}

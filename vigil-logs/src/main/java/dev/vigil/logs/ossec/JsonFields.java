package dev.vigil.logs.ossec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Wazuh's {@code JSON_Decoder} plugin: a JSON object becomes fields named by their dotted path
 * ({@code {"gcp": {"bucket": "b"}}} gives {@code gcp.bucket}). As Wazuh writes them: whole numbers as
 * integers, others with six decimals, booleans as {@code true}/{@code false}, an array of plain values as
 * each value followed by a comma, nulls left out (or empty, or "null", as the decoder's
 * {@code <json_null_field>} says). Names that are static fields (srcip, dstuser, ...) fill those.
 */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a JSON null becomes ({@code <json_null_field>}: discard, empty or string). */
    enum Nulls { DISCARD, EMPTY, STRING }

    private JsonFields() {}

    /** Decodes {@code text} into {@code e}'s fields; text that is not a JSON object leaves them as they were. */
    static void decode(LogEvent e, String text, Nulls nulls) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException | RuntimeException malformed) {
            return; // as Wazuh: a malformed object decodes to nothing
        }
        if (root != null && root.isObject()) {
            read(e, root, null, nulls);
        }
    }

    private static void read(LogEvent e, JsonNode object, String parent, Nulls nulls) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = parent == null ? field.getKey() : parent + "." + field.getKey();
            JsonNode v = field.getValue();
            if (v.isObject()) {
                read(e, v, key, nulls);
            } else if (v.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : v) {
                    if (item.isValueNode()) {
                        joined.append(scalar(item)).append(',');
                    }
                }
                if (!joined.isEmpty()) {
                    e.set(key, joined.toString());
                }
            } else if (v.isNull()) {
                switch (nulls) {
                    case EMPTY -> e.set(key, "");
                    case STRING -> e.set(key, "null");
                    case DISCARD -> { }
                }
            } else {
                e.set(key, scalar(v));
            }
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (v.isIntegralNumber() || d == Math.rint(d)) {
                // cJSON keeps an int beside the double: values beyond it are clamped, as Wazuh prints them.
                long l = (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
                return Long.toString(l);
            }
            return String.format(Locale.ROOT, "%f", d);
        }
        return v.asText();
    }
}

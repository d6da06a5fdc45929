package dev.vigil.agent.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of the wire format, written and read with Jackson's streaming core only: the agent runs on every
 * server beside the real work, and data binding would load some 500 classes (a few MB of RSS) for these few shapes.
 * The server reads and writes the same JSON through the records' annotations (a test holds the two to each other).
 */
public final class WireJson {
    private static final JsonFactory JSON = new JsonFactory();

    private WireJson() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // --- writing ---------------------------------------------------------------------------------------

    public static byte[] item(Item item) {
        return bytes(g -> item(g, item));
    }

    private static void item(JsonGenerator g, Item item) throws IOException {
        g.writeStartObject();
        switch (item) {
            case Item.Line l -> {
                g.writeStringField("kind", "line");
                g.writeNumberField("seq", l.seq());
                g.writeNumberField("at", l.at());
                g.writeStringField("path", l.path());
                g.writeStringField("file", l.file());
                g.writeNumberField("offset", l.offset());
                g.writeStringField("text", l.text());
            }
            case Item.Sample s -> {
                g.writeStringField("kind", "sample");
                g.writeNumberField("seq", s.seq());
                g.writeNumberField("at", s.at());
                g.writeStringField("name", s.name());
                g.writeStringField("unit", s.unit());
                g.writeNumberField("value", s.value());
                if (s.max() == null) {
                    g.writeNullField("max");
                } else {
                    g.writeNumberField("max", s.max());
                }
            }
            case Item.Result r -> {
                g.writeStringField("kind", "result");
                g.writeNumberField("seq", r.seq());
                g.writeNumberField("at", r.at());
                g.writeStringField("host", r.host());
                g.writeStringField("service", r.service());
                g.writeNumberField("state", r.state());
                g.writeStringField("output", r.output());
            }
            case Item.Finding f -> {
                g.writeStringField("kind", "finding");
                g.writeNumberField("seq", f.seq());
                g.writeNumberField("at", f.at());
                g.writeStringField("source", f.source());
                g.writeStringField("event", f.event());
                g.writeStringField("severity", f.severity());
                g.writeStringField("title", f.title());
                g.writeStringField("details", f.details());
                g.writeStringField("fingerprint", f.fingerprint());
                g.writeObjectFieldStart("tags");
                for (var e : f.tags().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    public static byte[] batch(Batch b) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (Item i : b.items()) {
                item(g, i);
            }
            g.writeEndArray();
            g.writeNumberField("sent", b.sent());
            g.writeStringField("version", b.version());
            g.writeStringField("planVersion", b.planVersion());
            g.writeNumberField("buffered", b.buffered());
            g.writeNumberField("lost", b.lost());
            g.writeFieldName("facts");
            facts(g, b.facts());
            g.writeEndObject();
        });
    }

    public static byte[] join(Join.Request r) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringField("token", r.token());
            g.writeStringField("csr", r.csr());
            g.writeFieldName("facts");
            facts(g, r.facts());
            if (r.location() != null) {
                g.writeStringField("location", r.location());
            }
            g.writeEndObject();
        });
    }

    private static void facts(JsonGenerator g, Facts f) throws IOException {
        if (f == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("hostname", f.hostname());
        g.writeStringField("os", f.os());
        g.writeStringField("kernel", f.kernel());
        strings(g, "addresses", f.addresses());
        g.writeNumberField("cpus", f.cpus());
        g.writeNumberField("memory", f.memory());
        g.writeArrayFieldStart("listening");
        for (int p : f.listening()) {
            g.writeNumber(p);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("labels");
        for (var e : f.labels().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringField("version", f.version());
        g.writeEndObject();
    }

    public static byte[] plan(Plan p) {
        return bytes(g -> plan(g, p));
    }

    private static void plan(JsonGenerator g, Plan p) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", p.version());
        g.writeNumberField("interval", p.interval());
        strings(g, "logs", p.logs());
        g.writeArrayFieldStart("checks");
        for (Plan.Check c : p.checks()) {
            g.writeStartObject();
            g.writeStringField("service", c.service());
            strings(g, "command", c.command());
            g.writeNumberField("interval", c.interval());
            g.writeEndObject();
        }
        g.writeEndArray();
        Plan.Integrity i = p.integrity();
        if (i != null) {
            g.writeObjectFieldStart("integrity");
            strings(g, "paths", i.paths());
            strings(g, "webRoots", i.webRoots());
            g.writeNumberField("scanInterval", i.scanInterval());
            g.writeNumberField("auditInterval", i.auditInterval());
            g.writeNumberField("accepted", i.accepted());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("probes");
        for (Plan.Probe pr : p.probes()) {
            g.writeStartObject();
            g.writeStringField("host", pr.host());
            g.writeStringField("service", pr.service());
            g.writeStringField("type", pr.type());
            g.writeFieldName("options");
            value(g, pr.options());
            g.writeNumberField("interval", pr.interval());
            g.writeNumberField("retry", pr.retry());
            g.writeNumberField("timeout", pr.timeout());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Any JSON value: a map, list, string, number, boolean or null (a check's options). */
    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (var e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Number n -> g.writeNumber(n.doubleValue());
            default -> g.writeString(v.toString());
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A flat object of strings and numbers (the agent's own small files). */
    public static byte[] flat(Map<String, ?> fields) {
        return bytes(g -> {
            g.writeStartObject();
            for (var e : fields.entrySet()) {
                if (e.getValue() instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.longValue());
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        });
    }

    // --- reading ---------------------------------------------------------------------------------------

    /** A generic value tree of the JSON (maps, lists, strings, numbers, booleans, null): small documents only. */
    private static Object tree(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, tree(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(tree(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue(); // Integer or Long, as Jackson's data binding reads it
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static Map<String, Object> object(byte[] data, int off, int len) throws IOException {
        try (JsonParser p = JSON.createParser(data, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) tree(p);
            return m;
        }
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }

    private static long num(Map<String, Object> m, String k) {
        return m.get(k) instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String k) {
        return m.get(k) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public static Item item(byte[] data, int off, int len) throws IOException {
        Map<String, Object> m = object(data, off, len);
        long seq = num(m, "seq");
        long at = num(m, "at");
        return switch (String.valueOf(m.get("kind"))) {
            case "line" -> new Item.Line(seq, at, str(m, "path"), str(m, "file"), num(m, "offset"), str(m, "text"));
            case "sample" -> new Item.Sample(seq, at, str(m, "name"), str(m, "unit"),
                    m.get("value") instanceof Number n ? n.doubleValue() : Double.NaN, m.get("max") instanceof Number x ? x.doubleValue() : null);
            case "result" -> new Item.Result(seq, at, str(m, "host"), str(m, "service"), (int) num(m, "state"), str(m, "output"));
            case "finding" -> {
                Map<String, String> tags = new LinkedHashMap<>();
                if (m.get("tags") instanceof Map<?, ?> t) {
                    t.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
                }
                yield new Item.Finding(seq, at, str(m, "source"), str(m, "event"), str(m, "severity"), str(m, "title"), str(m, "details"),
                        str(m, "fingerprint"), tags);
            }
            default -> throw new IOException("unknown item kind " + m.get("kind"));
        };
    }

    public static byte[] renewal(Batch.Renewal r) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringField("csr", r.csr());
            g.writeEndObject();
        });
    }

    /** The certificate (PEM) of a renewal's answer. */
    public static String renewed(byte[] data) throws IOException {
        return str(object(data, 0, data.length), "certificate");
    }

    public static Join.Reply joinReply(byte[] data) throws IOException {
        Map<String, Object> m = object(data, 0, data.length);
        return new Join.Reply(str(m, "agent"), str(m, "host"), str(m, "certificate"));
    }

    @SuppressWarnings("unchecked")
    public static Batch.Reply batchReply(byte[] data) throws IOException {
        Map<String, Object> m = object(data, 0, data.length);
        Object plan = m.get("plan");
        return new Batch.Reply(num(m, "acked"), plan instanceof Map<?, ?> p ? plan((Map<String, Object>) p) : null, num(m, "serverTime"),
                Boolean.TRUE.equals(m.get("renew")));
    }

    public static Plan plan(byte[] data) throws IOException {
        return plan(object(data, 0, data.length));
    }

    @SuppressWarnings("unchecked")
    private static Plan plan(Map<String, Object> m) {
        List<Plan.Check> checks = new ArrayList<>();
        for (Object o : list(m, "checks")) {
            Map<String, Object> c = (Map<String, Object>) o;
            checks.add(new Plan.Check(str(c, "service"), list(c, "command").stream().map(String::valueOf).toList(), (int) num(c, "interval")));
        }
        Plan.Integrity integrity = null;
        if (m.get("integrity") instanceof Map<?, ?> i) {
            Map<String, Object> im = (Map<String, Object>) i;
            integrity = new Plan.Integrity(list(im, "paths").stream().map(String::valueOf).toList(),
                    list(im, "webRoots").stream().map(String::valueOf).toList(), (int) num(im, "scanInterval"), (int) num(im, "auditInterval"),
                    num(im, "accepted"));
        }
        List<Plan.Probe> probes = new ArrayList<>();
        for (Object o : list(m, "probes")) {
            Map<String, Object> pr = (Map<String, Object>) o;
            probes.add(new Plan.Probe(str(pr, "host"), str(pr, "service"), str(pr, "type"),
                    pr.get("options") instanceof Map<?, ?> opts ? (Map<String, Object>) opts : Map.of(), (int) num(pr, "interval"),
                    (int) num(pr, "retry"), (int) num(pr, "timeout")));
        }
        return new Plan(str(m, "version"), (int) num(m, "interval"), list(m, "logs").stream().map(String::valueOf).toList(), checks,
                integrity, probes);
    }

    /** A flat object's fields as text (numbers as their digits). */
    public static Map<String, String> flat(byte[] data) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        object(data, 0, data.length).forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }

    /** The {@code error} of a server's refusal, or null when the body is not such an object. */
    public static String error(byte[] data) {
        try {
            return str(object(data, 0, data.length), "error");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

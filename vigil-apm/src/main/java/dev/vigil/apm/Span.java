package dev.vigil.apm;

import dev.vigil.core.text.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One span as OpenTelemetry describes it: an operation of a service within a trace, with its parent, timing,
 * status and attributes.
 *
 * @param parentSpanId empty for a trace's root
 * @param service the {@code service.name} of the resource that sent it
 * @param attributes the span's attributes (strings, numbers, booleans, lists of them)
 */
public record Span(String traceId, String spanId, String parentSpanId, String service, String name, Kind kind,
                   long startNanos, long endNanos, Status status, String statusMessage, Map<String, Object> attributes) {

    /** Attribute names whose values are secrets whatever they look like. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[_.-]?key|authorization|cookie|credential).*");

    /**
     * The resource attribute naming the version of the service that sent the span; copied onto each span (a new
     * version appearing is a deploy).
     */
    public static final String VERSION = "service.version";

    /** OTLP's span kinds. */
    public enum Kind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    /** OTLP's status codes. */
    public enum Status { UNSET, OK, ERROR }

    /** OpenTelemetry SDKs' own default bound on attributes per span. */
    static final int MAX_ATTRIBUTES = 128;
    /** Longer text values are cut: a span is evidence, not a place for a request body of megabytes. */
    static final int MAX_VALUE = 4096;

    public Span {
        attributes = bounded(attributes);
        parentSpanId = parentSpanId == null ? "" : parentSpanId;
        statusMessage = statusMessage == null ? "" : statusMessage;
    }

    private static Map<String, Object> bounded(Map<String, Object> attributes) {
        if (attributes.size() <= MAX_ATTRIBUTES && attributes.values().stream().noneMatch(v -> v instanceof String t && t.length() > MAX_VALUE)) {
            return Map.copyOf(attributes);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : attributes.entrySet()) {
            if (out.size() == MAX_ATTRIBUTES) {
                break;
            }
            Object v = e.getValue();
            out.put(e.getKey().length() > MAX_VALUE ? e.getKey().substring(0, MAX_VALUE) : e.getKey(), v instanceof String t && t.length() > MAX_VALUE
                    ? t.substring(0, MAX_VALUE) + "… (" + (t.length() - MAX_VALUE) + " more characters)" : v);
        }
        return Map.copyOf(out);
    }

    public double durationMs() {
        return Math.max(0, endNanos - startNanos) / 1e6;
    }

    public boolean error() {
        return status == Status.ERROR;
    }

    /**
     * Where a request enters a service: a server or consumer span, or a trace's root that is not itself a call out
     * (a scheduled job's span is its request; a query made at start-up, outside any request, is a call).
     */
    public boolean entry() {
        return kind == Kind.SERVER || kind == Kind.CONSUMER || parentSpanId.isEmpty() && !exit();
    }

    /** A call out of the service: to a database, a cache or another service. */
    public boolean exit() {
        return kind == Kind.CLIENT || kind == Kind.PRODUCER;
    }

    /** The version of the service that sent the span, or empty when it does not say. */
    public String version() {
        Object v = attributes.get(VERSION);
        return v == null ? "" : v.toString();
    }

    /** What this outgoing call reaches, as OpenTelemetry's semantic conventions name it, or empty. */
    public String peer() {
        for (String key : new String[] {"peer.service", "db.system.name", "db.system", "messaging.system", "rpc.service",
                "server.address", "net.peer.name", "http.host"}) {
            Object v = attributes.get(key);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return "";
    }

    /** The attributes as they may be shown: secret-named ones masked, and what looks like a secret masked in the rest. */
    public Map<String, Object> shownAttributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k).matches() ? Secrets.MASK : v instanceof String text ? Secrets.mask(text) : v));
        return out;
    }
}

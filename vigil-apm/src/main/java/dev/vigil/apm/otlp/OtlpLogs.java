package dev.vigil.apm.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * OTLP log records (protobuf), each turned into one line for the log pipeline, in the BSD syslog shape OSSEC's
 * decoders read ({@code MMM dd HH:mm:ss HOST SERVICE: SEVERITY body trace_id=… span_id=…}), so rules judge them like
 * any other line and a search for a trace id finds the lines of that trace.
 */
public final class OtlpLogs {
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_BODY = 16_384;

    private OtlpLogs() {}

    /** One record as a line: about {@code host}, from {@code service}, at {@code time}. */
    public record Line(String host, String service, Instant time, String text) {}

    /** @param zone the zone the log pipeline reads syslog headers in (they carry no zone of their own) */
    public static List<Line> read(byte[] body, Instant now, ZoneId zone) {
        try {
            return read(ExportLogsServiceRequest.parseFrom(body), now, zone);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the body is not an OTLP protobuf export: " + e.getMessage());
        }
    }

    /** The lines of one OTLP/JSON export. */
    public static List<Line> readJson(byte[] body, Instant now, ZoneId zone) {
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        OtlpJsonExport.merge(body, b);
        return read(b.build(), now, zone);
    }

    private static List<Line> read(ExportLogsServiceRequest request, Instant now, ZoneId zone) {
        DateTimeFormatter syslog = SYSLOG.withZone(zone);
        List<Line> out = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = "unknown_service";
            String host = null;
            for (KeyValue a : rl.getResource().getAttributesList()) {
                if (a.getKey().equals("service.name")) {
                    service = a.getValue().getStringValue();
                } else if (a.getKey().equals("host.name")) {
                    host = a.getValue().getStringValue();
                }
            }
            String h = clean(host == null ? service : host);
            String program = clean(service);
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    long nanos = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
                    Instant at = nanos == 0 ? now : Instant.ofEpochSecond(0, nanos);
                    String severity = !r.getSeverityText().isBlank() ? r.getSeverityText() : r.getSeverityNumberValue() > 0
                            ? r.getSeverityNumber().name().replace("SEVERITY_NUMBER_", "") : "";
                    String text = text(r.getBody());
                    StringBuilder line = new StringBuilder(syslog.format(at)).append(' ').append(h).append(' ').append(program).append(": ");
                    if (!severity.isBlank()) {
                        line.append(severity.toUpperCase(Locale.ROOT)).append(' ');
                    }
                    line.append(text.length() > MAX_BODY ? text.substring(0, MAX_BODY) : text);
                    if (r.getTraceId().size() == 16) {
                        line.append(" trace_id=").append(HEX.formatHex(r.getTraceId().toByteArray()));
                    }
                    if (r.getSpanId().size() == 8) {
                        line.append(" span_id=").append(HEX.formatHex(r.getSpanId().toByteArray()));
                    }
                    out.add(new Line(h, service, at, line.toString().replace('\n', ' ').replace('\r', ' ')));
                }
            }
        }
        return out;
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> String.valueOf(v.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
            case BOOL_VALUE -> String.valueOf(v.getBoolValue());
            default -> v.toString().replace('\n', ' ');
        };
    }

    /** A host or program name as a syslog header holds it: no spaces, nothing odd. */
    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9_.-]", "_");
        return c.isEmpty() ? "_" : c.length() > 64 ? c.substring(0, 64) : c;
    }
}

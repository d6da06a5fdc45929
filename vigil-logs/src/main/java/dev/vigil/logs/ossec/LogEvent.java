package dev.vigil.logs.ossec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One log line as the analyzer sees it: where it came from, the syslog header split off (hostname, program
 * name), the message the decoders and rules read, and the fields decoded from it.
 */
public final class LogEvent {
    final String fullLog;
    final String location;
    final Instant time;
    String hostname;
    String programName;
    /** The message after the header: what decoders and rules match. */
    String log;
    /** The message lower-cased, for the literal prefilters of patterns (which are all case-insensitive). */
    String lower;
    /** Which of the ruleset's prefilter literals {@link #lower} contains ({@link LiteralScanner}), or null. */
    long[] literals;
    Decoder decoder;
    /** The event's type when a plugin decoder set it (SonicWall's firewall, ids, squid); else the decoder's. */
    String type;
    final String[] fields = new String[Field.values().length];
    /** Fields by any other name (Wazuh's dynamic fields: a decoder's {@code <order>}, a JSON log's keys). */
    final Map<String, String> dynamic = new LinkedHashMap<>();
    /** The highest level of a correlation rule that already counted this event (OSSEC's "matched"). */
    int matched;
    /** Its place in the analyzer's stream (1, 2, ...): which of two kept events is newer. */
    long seq;
    /** The correlation histories that keep it, told when its matched level rises. */
    final List<RuleHistory> keptBy = new ArrayList<>(2);

    LogEvent(String fullLog, String location, Instant time) {
        this.fullLog = fullLog;
        this.location = location;
        this.time = time;
    }

    public String fullLog() {
        return fullLog;
    }

    public String location() {
        return location;
    }

    public Instant time() {
        return time;
    }

    public String hostname() {
        return hostname;
    }

    public String programName() {
        return programName;
    }

    public String field(Field f) {
        return fields[f.ordinal()];
    }

    /** A field by the name rules use ({@code <field name="...">}, {@code same_field}): static or dynamic. */
    public String field(String name) {
        Field f = Field.ofName(name);
        if (f != null) {
            return fields[f.ordinal()];
        }
        return switch (name) {
            case "hostname" -> hostname;
            case "program_name" -> programName;
            case "location" -> location;
            default -> dynamic.get(name);
        };
    }

    /** Sets a field by name: a static one when the name is one, else a dynamic one. */
    void set(String name, String value) {
        Field f = Field.ofName(name);
        if (f != null) {
            fields[f.ordinal()] = value;
        } else {
            dynamic.put(name, value);
        }
    }

    /** The decoded fields that are set, plus hostname and program name. */
    public Map<String, String> fieldMap() {
        Map<Field, String> set = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            if (fields[f.ordinal()] != null) {
                set.put(f, fields[f.ordinal()]);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (hostname != null) {
            out.put("hostname", hostname);
        }
        if (programName != null) {
            out.put("program_name", programName);
        }
        set.forEach((k, v) -> out.put(k.key, v));
        out.putAll(dynamic);
        return out;
    }
}

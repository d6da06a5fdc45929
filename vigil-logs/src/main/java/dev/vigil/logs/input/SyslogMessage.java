package dev.vigil.logs.input;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * One syslog message, from either RFC 3164 (BSD) or RFC 5424 framing.
 *
 * @param facility 0-23, or -1 when the message had no priority
 * @param severity 0-7, or -1
 * @param timestamp as sent, or null when it had none (the receive time is used then, and also when the
 *     timestamp is before 1900 or after 9998)
 * @param structuredData RFC 5424 SD-ELEMENTs: "id.param" → value
 */
public record SyslogMessage(int facility, int severity, Instant timestamp, String hostname, String appName, String procId,
                            String msgId, Map<String, String> structuredData, String message) {
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    /** Timestamps outside these years are not believed (a year like -999999999 cannot even be formatted). */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    /** False when the sender's timestamp is out of any sane range (then the receive time stands in for it). */
    public boolean saneTime() {
        return timestamp == null || (timestamp.isAfter(EARLIEST) && timestamp.isBefore(LATEST));
    }

    /**
     * The message as a BSD syslog line ({@code Mmm dd hh:mm:ss host app[pid]: message}), the form OSSEC's
     * decoders expect, whatever framing it arrived in.
     */
    public String toLine(ZoneId zone, Instant received, String senderHost) {
        Instant at = timestamp != null && saneTime() ? timestamp : received;
        StringBuilder b = new StringBuilder(BSD.format(ZonedDateTime.ofInstant(at, zone)));
        b.append(' ').append(hostname != null ? hostname : senderHost).append(' ');
        if (appName != null) {
            b.append(appName);
            if (procId != null) {
                b.append('[').append(procId).append(']');
            }
            b.append(": ");
        }
        // rsyslog forwards BSD messages with the space that followed the tag as part of MSG; one is dropped.
        return b.append(appName != null && message.startsWith(" ") ? message.substring(1) : message).toString();
    }
}

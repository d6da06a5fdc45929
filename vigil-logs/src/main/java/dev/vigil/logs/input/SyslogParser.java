package dev.vigil.logs.input;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses syslog messages as they arrive on the wire: RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID
 * [SD] MSG}) and RFC 3164 ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}), and whatever real senders do
 * instead (no priority, no hostname, ISO timestamps in BSD framing). It never throws: what it cannot read
 * becomes the message, whole.
 */
public final class SyslogParser {
    private static final DateTimeFormatter BSD_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final ZoneId zone;
    private final InstantSource clock;

    /** @param zone the zone of BSD timestamps, which carry none; the clock supplies their year */
    public SyslogParser(ZoneId zone, InstantSource clock) {
        this.zone = zone;
        this.clock = clock;
    }

    public SyslogMessage parse(String raw) {
        String s = raw;
        while (!s.isEmpty() && (s.charAt(s.length() - 1) == '\n' || s.charAt(s.length() - 1) == '\r' || s.charAt(s.length() - 1) == '\0')) {
            s = s.substring(0, s.length() - 1);
        }
        int facility = -1;
        int severity = -1;
        int i = 0;
        if (s.startsWith("<")) {
            int close = s.indexOf('>');
            if (close > 1 && close <= 4 && s.substring(1, close).chars().allMatch(Character::isDigit)) {
                int pri = Integer.parseInt(s.substring(1, close));
                if (pri <= 191) {
                    facility = pri / 8;
                    severity = pri % 8;
                    i = close + 1;
                }
            }
        }
        if (s.startsWith("1 ", i)) {
            SyslogMessage m = rfc5424(s, i + 2, facility, severity);
            if (m != null) {
                return m;
            }
        }
        return rfc3164(s, i, facility, severity);
    }

    /** RFC 5424 §6; null when the header does not hold (then it is read as BSD). */
    private SyslogMessage rfc5424(String s, int i, int facility, int severity) {
        String[] header = new String[5];
        for (int k = 0; k < 5; k++) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                return null;
            }
            header[k] = s.substring(i, sp);
            i = sp + 1;
        }
        Instant ts = null;
        if (!header[0].equals("-")) {
            try {
                ts = OffsetDateTime.parse(header[0]).toInstant();
            } catch (DateTimeException e) { // unparseable, or a year no calendar holds
                return null;
            }
        }
        Map<String, String> sd = new LinkedHashMap<>();
        if (s.startsWith("-", i)) {
            i++;
        } else if (s.startsWith("[", i)) {
            i = structuredData(s, i, sd);
            if (i < 0) {
                return null;
            }
        } else {
            return null;
        }
        if (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        String msg = s.substring(Math.min(i, s.length()));
        if (msg.startsWith("\uFEFF")) {
            msg = msg.substring(1); // the BOM RFC 5424 puts before UTF-8 messages
        }
        return new SyslogMessage(facility, severity, ts, nil(header[1]), nil(header[2]), nil(header[3]), nil(header[4]), sd, msg);
    }

    /** SD-ELEMENTs: [id param="value" ...][...]; values escape \" \\ and \]. Returns the index after, or -1. */
    private static int structuredData(String s, int i, Map<String, String> out) {
        while (i < s.length() && s.charAt(i) == '[') {
            int sp = i + 1;
            while (sp < s.length() && s.charAt(sp) != ' ' && s.charAt(sp) != ']') {
                sp++;
            }
            if (sp >= s.length()) {
                return -1;
            }
            String id = s.substring(i + 1, sp);
            i = sp;
            while (i < s.length() && s.charAt(i) == ' ') {
                int eq = s.indexOf('=', i);
                if (eq < 0 || eq + 1 >= s.length() || s.charAt(eq + 1) != '"') {
                    return -1;
                }
                String name = s.substring(i + 1, eq);
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; j < s.length() && s.charAt(j) != '"'; j++) {
                    char c = s.charAt(j);
                    if (c == '\\' && j + 1 < s.length() && "\"\\]".indexOf(s.charAt(j + 1)) >= 0) {
                        c = s.charAt(++j);
                    }
                    v.append(c);
                }
                if (j >= s.length()) {
                    return -1;
                }
                out.put(id + "." + name, v.toString());
                i = j + 1;
            }
            if (i >= s.length() || s.charAt(i) != ']') {
                return -1;
            }
            i++;
        }
        return i;
    }

    private SyslogMessage rfc3164(String s, int i, int facility, int severity) {
        Instant ts = null;
        String rest = s.substring(i);
        if (rest.length() >= 16 && rest.charAt(3) == ' ' && rest.charAt(6) == ' ' && rest.charAt(9) == ':' && rest.charAt(12) == ':'
                && rest.charAt(15) == ' ') {
            ts = bsdTime(rest.substring(0, 15));
            if (ts != null) {
                rest = rest.substring(16);
            }
        } else if (rest.length() > 20 && rest.charAt(4) == '-' && rest.charAt(10) == 'T') {
            int sp = rest.indexOf(' ');
            if (sp > 0) {
                try {
                    ts = OffsetDateTime.parse(rest.substring(0, sp)).toInstant();
                    rest = rest.substring(sp + 1);
                } catch (DateTimeException ignored) {
                    // not a timestamp after all: part of the message
                }
            }
        }
        String host = null;
        String app = null;
        String pid = null;
        if (ts != null) {
            // HOST TAG[PID]: or, from senders that omit it, TAG[PID]: directly.
            int sp = rest.indexOf(' ');
            String first = sp < 0 ? rest : rest.substring(0, sp);
            if (!looksLikeTag(first) && sp > 0) {
                host = first;
                rest = rest.substring(sp + 1);
            }
        }
        int colon = rest.indexOf(": ");
        int sp = rest.indexOf(' ');
        if (colon > 0 && (sp < 0 || colon < sp) && looksLikeTag(rest.substring(0, colon + 1))) {
            String tag = rest.substring(0, colon);
            int bracket = tag.indexOf('[');
            if (bracket > 0 && tag.endsWith("]")) {
                app = tag.substring(0, bracket);
                pid = tag.substring(bracket + 1, tag.length() - 1);
            } else {
                app = tag;
            }
            rest = rest.substring(colon + 2);
        }
        return new SyslogMessage(facility, severity, ts, host, app, pid, null, Map.of(), rest);
    }

    private static boolean looksLikeTag(String word) {
        return word.endsWith(":") && word.length() > 1 && word.length() <= 64
                && word.chars().limit(word.length() - 1).allMatch(c -> Character.isLetterOrDigit(c) || "-_./[]()@".indexOf(c) >= 0);
    }

    private Instant bsdTime(String t) {
        try {
            var ta = BSD_TIME.parse(t);
            int year = LocalDateTime.ofInstant(clock.instant(), zone).getYear();
            LocalDateTime dt = LocalDateTime.of(year, ta.get(ChronoField.MONTH_OF_YEAR),
                    ta.get(ChronoField.DAY_OF_MONTH), ta.get(ChronoField.HOUR_OF_DAY),
                    ta.get(ChronoField.MINUTE_OF_HOUR), ta.get(ChronoField.SECOND_OF_MINUTE));
            Instant at = dt.atZone(zone).toInstant();
            // December's messages read in January belong to last year.
            if (at.isAfter(clock.instant().plus(Duration.ofDays(2)))) {
                at = dt.minusYears(1).atZone(zone).toInstant();
            }
            return at;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String nil(String v) {
        return v.equals("-") ? null : v;
    }
}

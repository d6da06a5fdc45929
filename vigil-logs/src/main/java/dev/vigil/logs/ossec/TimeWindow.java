package dev.vigil.logs.ossec;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code <time>6 pm - 8:30 am</time>}: a span of the day (wrapping past midnight), optionally negated. */
record TimeWindow(int fromMinute, int toMinute, boolean negated) {
    private static final Pattern TIME = Pattern.compile(
            "(!)?\\s*(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*-\\s*(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*", Pattern.CASE_INSENSITIVE);

    static TimeWindow parse(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid <time> '" + text + "' (e.g. '6 pm - 8:30 am' or '18:00 - 08:30')");
        }
        return new TimeWindow(minute(m.group(2), m.group(3), m.group(4)), minute(m.group(5), m.group(6), m.group(7)),
                m.group(1) != null);
    }

    private static int minute(String h, String m, String ampm) {
        int hour = Integer.parseInt(h);
        if (ampm != null) {
            hour = hour % 12 + (ampm.equalsIgnoreCase("pm") ? 12 : 0);
        }
        return hour * 60 + (m == null ? 0 : Integer.parseInt(m));
    }

    boolean contains(int minuteOfDay) {
        boolean in = fromMinute <= toMinute ? minuteOfDay >= fromMinute && minuteOfDay < toMinute
                : minuteOfDay >= fromMinute || minuteOfDay < toMinute;
        return in != negated;
    }

    /** {@code <weekday>weekends</weekday>}, {@code monday - friday}, {@code sunday,saturday}; {@code !} negates. */
    record Days(Set<DayOfWeek> days, boolean negated) {
        static Days parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            boolean neg = t.startsWith("!");
            if (neg) {
                t = t.substring(1).strip();
            }
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (String part : t.split("\\s*,\\s*")) {
                if (part.equals("weekends")) {
                    set.add(DayOfWeek.SATURDAY);
                    set.add(DayOfWeek.SUNDAY);
                } else if (part.equals("weekdays")) {
                    set.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
                } else if (part.contains("-")) {
                    String[] ends = part.split("\\s*-\\s*");
                    DayOfWeek a = day(ends[0]);
                    DayOfWeek b = day(ends[1]);
                    for (DayOfWeek d = a; ; d = d.plus(1)) {
                        set.add(d);
                        if (d == b) {
                            break;
                        }
                    }
                } else {
                    set.add(day(part));
                }
            }
            return new Days(set, neg);
        }

        private static DayOfWeek day(String s) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().toLowerCase(Locale.ROOT).startsWith(s.strip()) && s.strip().length() >= 3) {
                    return d;
                }
            }
            throw new IllegalArgumentException("invalid <weekday> '" + s + "'");
        }

        boolean contains(DayOfWeek d) {
            return days.contains(d) != negated;
        }
    }
}

package dev.vigil.notify.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a receiver may be notified, in its own time zone, e.g. working hours Monday to Friday 08:00–18:00
 * in Europe/Berlin. Notifications outside it wait for its next start (they are not dropped). Local times
 * are resolved in the zone on each day, so a daylight-saving change moves nothing.
 */
public record NotificationPeriod(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    public static final NotificationPeriod ALWAYS = new NotificationPeriod(EnumSet.allOf(DayOfWeek.class),
            LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    public NotificationPeriod {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a notification period needs at least one day");
        }
    }

    /** from == to means the whole day. */
    private boolean allDay() {
        return from.equals(to);
    }

    public boolean isActive(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if (!days.contains(local.getDayOfWeek())) {
            return false;
        }
        if (allDay()) {
            return true;
        }
        LocalTime t = local.toLocalTime();
        return !t.isBefore(from) && t.isBefore(to);
    }

    /** {@code at} itself if active, else the next moment the period starts. */
    public Instant nextActive(Instant at) {
        if (isActive(at)) {
            return at;
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i < 8; i++) {
            LocalDate d = day.plusDays(i);
            if (days.contains(d.getDayOfWeek())) {
                Instant start = ZonedDateTime.of(d, allDay() ? LocalTime.MIDNIGHT : from, zone).toInstant();
                if (start.isAfter(at)) {
                    return start;
                }
            }
        }
        return at; // unreachable with at least one day; never hold a notification forever
    }
}

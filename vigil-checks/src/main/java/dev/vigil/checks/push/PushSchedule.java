package dev.vigil.checks.push;

import com.cronutils.model.time.ExecutionTime;
import dev.vigil.checks.config.Downtime;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * When a push monitor's job is expected: on a cron schedule in a time zone ({@code schedule: "30 4 * * 4"}, the
 * Thursday backup) or every {@code period} ({@code period: 1d}), and how late its ping may be ({@code grace}).
 *
 * @param uuid the ping URL's secret as the config sets it, or null: one is made and kept
 */
public record PushSchedule(String cron, Duration period, ZoneId zone, Duration grace, String uuid) {

    /** The keys of a {@code push} service besides the usual ones. */
    public static final String[] KEYS = {"schedule", "period", "grace", "timezone", "uuid"};

    /** Reads a {@code push} service's keys; errors go to the section (then null). */
    public static PushSchedule read(Section s) {
        int before = s.errors().list().size();
        String cron = s.string("schedule").orElse(null);
        Duration period = s.duration("period").orElse(null);
        if ((cron == null) == (period == null)) {
            s.error(cron == null ? "schedule" : "period", "a push service needs either 'schedule' (cron, e.g. \"30 4 * * 4\") "
                    + "or 'period' (e.g. 1d), not both");
        }
        if (cron != null) {
            try {
                Downtime.parseCron(cron);
            } catch (IllegalArgumentException e) {
                s.error("schedule", e.getMessage());
            }
        }
        if (period != null && period.compareTo(Duration.ofMinutes(1)) < 0) {
            s.error("period", "'period' must be at least 1m");
        }
        Duration grace = s.duration("grace", Duration.ofHours(1));
        if (grace.compareTo(Duration.ofSeconds(1)) < 0) {
            s.error("grace", "'grace' must be at least 1s");
        }
        ZoneId zone = s.zone("timezone", ZoneId.systemDefault());
        String uuid = s.string("uuid").orElse(null);
        if (uuid != null) {
            try {
                uuid = UUID.fromString(uuid).toString();
            } catch (IllegalArgumentException e) {
                s.error("uuid", "'uuid' must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e (or leave it out: one is made)");
            }
        }
        return s.errors().list().size() > before ? null : new PushSchedule(cron, period, zone, grace, uuid);
    }

    /** The first run expected after {@code t}. */
    public Instant nextRun(Instant t) {
        if (period != null) {
            return t.plus(period);
        }
        Optional<java.time.ZonedDateTime> next = ExecutionTime.forCron(Downtime.parseCron(cron)).nextExecution(t.atZone(zone));
        return next.map(java.time.ZonedDateTime::toInstant).orElse(Instant.MAX);
    }

    /** "30 4 * * 4 (Europe/Berlin)" or "every 1d", for outputs and pages. */
    public String describe() {
        return cron != null ? cron + " (" + zone.getId() + ")" : "every " + dev.vigil.core.config.Durations.format(period);
    }
}

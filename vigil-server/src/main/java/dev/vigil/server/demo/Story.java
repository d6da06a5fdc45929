package dev.vigil.server.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * Ten weeks of a small web shop, told in time: three hosts ({@code web1} runs nginx and the shop, {@code db1} the
 * database and the backup, {@code mail1} the mail), starting on a Monday at midnight. Every Thursday at 04:30 the
 * backup on db1 loads the machine for a quarter of an hour and the shop answers 502 meanwhile; the backup never
 * purges, so db1's data disk fills by 0.6 % a day until, on day 64, it is full and the database breaks. What
 * else happens is in {@link #steps()}.
 *
 * @param start the first Monday, 00:00 in {@code zone}
 */
record Story(Instant start, ZoneId zone) {
    static final int WEEKS = 10;
    static final double DISK_AT_START = 61.6;
    static final double DISK_PER_DAY = 0.6;
    static final String ATTACKER = "203.0.113.77";

    /** A story ending on the Monday of the current week, so the dashboard shows it as the recent past. */
    static Story endingBefore(Instant now, ZoneId zone) {
        LocalDate monday = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(WEEKS);
        return new Story(monday.atStartOfDay(zone).toInstant(), zone);
    }

    Instant end() {
        return at(7 * WEEKS, 0, 0);
    }

    /** Day {@code day} of the story (0 is the first Monday) at {@code hour}:{@code minute}, local time. */
    Instant at(int day, int hour, int minute) {
        return start.atZone(zone).plusDays(day).withHour(hour).withMinute(minute).toInstant();
    }

    /** The backup of week {@code week} starts (Thursday 04:30) and runs for 15 minutes. */
    Instant backup(int week) {
        return at(3 + 7 * week, 4, 30);
    }

    boolean backupRunning(Instant t) {
        for (int w = 0; w < WEEKS; w++) {
            if (!t.isBefore(backup(w)) && t.isBefore(backup(w).plus(Duration.ofMinutes(15)))) {
                return true;
            }
        }
        return false;
    }

    /** A developer makes the shop's upload directory writable by everyone. */
    Instant chmod() {
        return at(44, 14, 20);
    }

    /** db1's data disk is full: the database breaks and the shop's error page prints its password. */
    Instant diskFull() {
        return at(64, 10, 0);
    }

    /** The admin purges the old backups and restores the database: the shop is back. */
    Instant repaired() {
        return at(65, 11, 0);
    }

    /** Someone who read the error page tries SSH passwords on web1, then gets in. */
    Instant bruteForce() {
        return at(66, 2, 13);
    }

    Instant login() {
        return bruteForce().plus(Duration.ofMinutes(6));
    }

    /** The shop's customer table appears on a paste site. */
    Instant paste() {
        return at(67, 9, 0);
    }

    /** db1's data disk, in percent used. */
    double disk(Instant t) {
        if (!t.isBefore(repaired())) {
            return 70 + DISK_PER_DAY * days(repaired(), t);
        }
        return Math.min(100, DISK_AT_START + DISK_PER_DAY * days(start, t));
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 86_400.0;
    }

    /** What Vigil must catch, each once and in time. */
    List<Step> steps() {
        Instant full = start.plus(Duration.ofSeconds((long) ((100 - DISK_AT_START) / DISK_PER_DAY * 86_400)));
        return List.of(
                new Step(1, "Thursday 04:30 backup load spike: a weekly pattern naming backup.sh", backup(0), backup(2).plus(Duration.ofDays(1))),
                new Step(2, "502 bursts in the same minutes: one recurring incident with the pattern", backup(0),
                        backup(2).plus(Duration.ofDays(1))),
                new Step(3, "db1's disk filling 0.6 %/day: a disk-full forecast 14 days ahead", start, full.minus(Duration.ofDays(14))),
                new Step(4, "db1's disk full, database broken, 503 page prints its password: CRITICAL check and leak, one incident", diskFull(),
                        diskFull().plus(Duration.ofMinutes(30))),
                new Step(5, "chmod 777 on the upload directory: sudo line, file change, audit finding, one incident", chmod(),
                        chmod().plus(Duration.ofHours(2))),
                new Step(6, "SSH brute force then a login from the same address: joins the leak's security incident",
                        bruteForce(), login().plus(Duration.ofMinutes(10))),
                new Step(7, "the customer table on a paste site (domain, known hash): CRITICAL, same security incident", paste(),
                        paste().plus(Duration.ofHours(2))));
    }

    /** A step of the story: it happened at {@code happened} and must be raised by {@code due}. */
    record Step(int number, String what, Instant happened, Instant due) {}
}

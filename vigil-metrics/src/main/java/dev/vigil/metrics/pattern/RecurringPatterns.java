package dev.vigil.metrics.pattern;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds spikes that recur at the same time of the week (the Thursday 04:30 backup) so they can be reported
 * once, as a pattern, instead of as one alert a week. A spike is a sample far above the series' robust level
 * (median + 6 MADs, and at least a tenth of the level above it); spikes are binned by weekday and time
 * slot; a slot window hit in at least 80% of the observed weeks (and at least 3) is a weekly pattern, and
 * a slot of the day hit in at least 80% of the observed days (and at least 7) a daily one.
 */
public final class RecurringPatterns {
    /**
     * A recurring spike between {@code from} and {@code to}: on {@code day} every week, or every day when
     * {@code day} is null; seen in {@code weeks} of {@code observed} weeks (or days, for a daily one).
     */
    public record Finding(DayOfWeek day, LocalTime from, LocalTime to, int weeks, int observed, double typicalPeak) {
        public boolean daily() {
            return day == null;
        }

        public String describe(String series) {
            if (daily()) {
                return String.format(Locale.ROOT, "%s spike every day %s–%s for %d days (peak about %.1f)",
                        series, from, to, weeks, typicalPeak);
            }
            String d = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            return String.format(Locale.ROOT, "%s spike every %s %s–%s for %d weeks (peak about %.1f)",
                    series, d, from, to, weeks, typicalPeak);
        }

        /** Whether this window overlaps {@code other}'s time of day. */
        public boolean overlaps(Finding other) {
            return from.isBefore(other.to) && other.from.isBefore(to);
        }
    }

    private RecurringPatterns() {}

    /** Weekly patterns (the Thursday backup). */
    public static List<Finding> weekly(long[] times, double[] values, Duration step, ZoneId zone) {
        return find(times, values, step, zone, false);
    }

    /** Daily patterns (the nightly cron job): the same slot of the day in at least 80% of the observed days (and 7). */
    public static List<Finding> daily(long[] times, double[] values, Duration step, ZoneId zone) {
        return find(times, values, step, zone, true);
    }

    private static List<Finding> find(long[] times, double[] values, Duration step, ZoneId zone, boolean daily) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v) && !Double.isInfinite(v)).sorted().toArray();
        if (finite.length < 100) {
            return List.of();
        }
        double median = finite[finite.length / 2];
        double[] dev = Arrays.stream(finite).map(v -> Math.abs(v - median)).sorted().toArray();
        double mad = Math.max(dev[dev.length / 2], 1e-9);
        double threshold = Math.max(median + 6 * mad, median + Math.abs(median) * 0.1 + 1e-9);

        long slot = Math.max(60, step.toSeconds());
        Set<LocalDate> weeksSeen = new HashSet<>();
        // (weekday, slot of day) -> weeks (by week start date) with a spike there, and the peaks.
        Map<Integer, Set<LocalDate>> hits = new TreeMap<>();
        Map<Integer, List<Double>> peaks = new HashMap<>();
        for (int i = 0; i < times.length; i++) {
            ZonedDateTime t = Instant.ofEpochSecond(times[i]).atZone(zone);
            // The period a sample belongs to: its week (weekly patterns) or its day (daily ones).
            LocalDate week = daily ? t.toLocalDate() : t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (!Double.isNaN(values[i])) {
                weeksSeen.add(week);
            }
            if (Double.isNaN(values[i]) || values[i] <= threshold) {
                continue;
            }
            int key = (daily ? 0 : (t.getDayOfWeek().getValue() - 1) * 100_000) + (int) (t.toLocalTime().toSecondOfDay() / slot);
            hits.computeIfAbsent(key, k -> new HashSet<>()).add(week);
            peaks.computeIfAbsent(key, k -> new ArrayList<>()).add(values[i]);
        }
        int observed = weeksSeen.size();
        int needed = Math.max(daily ? 7 : 3, (int) Math.ceil(observed * 0.8));
        List<Finding> out = new ArrayList<>();
        Integer runStart = null;
        Integer prev = null;
        Set<LocalDate> runWeeks = new HashSet<>();
        List<Double> runPeaks = new ArrayList<>();
        for (Map.Entry<Integer, Set<LocalDate>> e : hits.entrySet()) {
            boolean qualifies = e.getValue().size() >= needed;
            if (!qualifies) {
                continue;
            }
            if (prev != null && e.getKey() == prev + 1) {
                prev = e.getKey();
                runWeeks.addAll(e.getValue());
                runPeaks.addAll(peaks.get(e.getKey()));
                continue;
            }
            if (runStart != null) {
                out.add(finding(runStart, prev, slot, runWeeks, observed, runPeaks, daily));
            }
            runStart = e.getKey();
            prev = e.getKey();
            runWeeks = new HashSet<>(e.getValue());
            runPeaks = new ArrayList<>(peaks.get(e.getKey()));
        }
        if (runStart != null) {
            out.add(finding(runStart, prev, slot, runWeeks, observed, runPeaks, daily));
        }
        return out;
    }

    private static Finding finding(int start, int end, long slot, Set<LocalDate> weeks, int observed, List<Double> peaks,
                                   boolean daily) {
        DayOfWeek day = daily ? null : DayOfWeek.of(start / 100_000 + 1);
        LocalTime from = LocalTime.ofSecondOfDay((start % 100_000) * slot);
        LocalTime to = LocalTime.ofSecondOfDay(Math.min(86_399, ((end % 100_000) + 1) * slot));
        double[] p = peaks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Finding(day, from, to, weeks.size(), observed, p[p.length / 2]);
    }
}

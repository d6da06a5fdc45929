package dev.vigil.metrics.pattern;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds spikes that recur at the same time of the week (the Thursday 04:30 backup) so they can be reported
 * once, as a pattern, instead of as one alert a week. A spike is a sample far above the series' robust level
 * (median + 6 MADs, and at least a tenth of the level above it); spikes are binned by weekday and time
 * slot; a slot window hit in at least 80% of the observed weeks (and at least 3) is a weekly pattern.
 */
public final class RecurringPatterns {
    /** A recurring spike: on {@code day} between {@code from} and {@code to}, in {@code weeks} of {@code observed} weeks. */
    public record Finding(DayOfWeek day, LocalTime from, LocalTime to, int weeks, int observed, double typicalPeak) {
        public String describe(String series) {
            String d = day.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
            return String.format(java.util.Locale.ROOT, "%s spike every %s %s–%s for %d weeks (peak about %.1f)",
                    series, d, from, to, weeks, typicalPeak);
        }
    }

    private RecurringPatterns() {}

    public static List<Finding> weekly(long[] times, double[] values, Duration step, ZoneId zone) {
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
            LocalDate week = t.toLocalDate().with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (!Double.isNaN(values[i])) {
                weeksSeen.add(week);
            }
            if (Double.isNaN(values[i]) || values[i] <= threshold) {
                continue;
            }
            int key = (t.getDayOfWeek().getValue() - 1) * 100_000 + (int) (t.toLocalTime().toSecondOfDay() / slot);
            hits.computeIfAbsent(key, k -> new HashSet<>()).add(week);
            peaks.computeIfAbsent(key, k -> new ArrayList<>()).add(values[i]);
        }
        int observed = weeksSeen.size();
        int needed = Math.max(3, (int) Math.ceil(observed * 0.8));
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
                out.add(finding(runStart, prev, slot, runWeeks, observed, runPeaks));
            }
            runStart = e.getKey();
            prev = e.getKey();
            runWeeks = new HashSet<>(e.getValue());
            runPeaks = new ArrayList<>(peaks.get(e.getKey()));
        }
        if (runStart != null) {
            out.add(finding(runStart, prev, slot, runWeeks, observed, runPeaks));
        }
        return out;
    }

    private static Finding finding(int start, int end, long slot, Set<LocalDate> weeks, int observed, List<Double> peaks) {
        DayOfWeek day = DayOfWeek.of(start / 100_000 + 1);
        LocalTime from = LocalTime.ofSecondOfDay((start % 100_000) * slot);
        LocalTime to = LocalTime.ofSecondOfDay(Math.min(86_399, ((end % 100_000) + 1) * slot));
        double[] p = peaks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Finding(day, from, to, weeks.size(), observed, p[p.length / 2]);
    }
}

package dev.vigil.metrics;

/**
 * What is known about a series besides its numbers: unit, thresholds (from perfdata or config), and whether
 * it measures a capacity that can fill up (disk, inodes, memory), which is what forecasts are made for.
 *
 * @param max the capacity (e.g. 100 for percent); NaN when unknown
 */
public record SeriesInfo(SeriesKey key, String unit, double warning, double critical, double max, boolean capacity,
                         String source) {
    public static SeriesInfo of(SeriesKey key, String unit, String source) {
        return new SeriesInfo(key, unit, Double.NaN, Double.NaN, Double.NaN, false, source);
    }

    /**
     * This description, keeping {@code known}'s thresholds where this one has none: the local collector knows
     * nothing of the thresholds a service put on the same series, and must not wipe them.
     */
    public SeriesInfo keepingThresholdsOf(SeriesInfo known) {
        if (known == null) {
            return this;
        }
        return new SeriesInfo(key, unit, Double.isNaN(warning) ? known.warning : warning,
                Double.isNaN(critical) ? known.critical : critical, Double.isNaN(max) ? known.max : max,
                capacity || known.capacity, source);
    }

    public SeriesInfo asCapacity(double max) {
        return new SeriesInfo(key, unit, warning, critical, max, true, source);
    }
}

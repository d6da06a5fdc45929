package dev.vigil.metrics.intake;

import java.time.Duration;
import java.util.List;

/**
 * The {@code intake:} section: where Vigil takes metrics in the formats applications and their agents already send.
 * A listener's address is {@code HOST:PORT} (null: off); both TCP and UDP listen on it.
 *
 * @param host the host a series belongs to when its line has no {@code host} tag (default: this server's)
 * @param flush StatsD's flush interval: what arrives in it becomes one sample per series
 * @param percentiles the percentiles a StatsD timer gives (default 50, 95, 99)
 * @param maxSeries how many series the intake's formats may create in all (StatsD's per interval too)
 */
public record IntakeSettings(String graphite, String statsd, String host, Duration flush, List<Double> percentiles, int maxSeries) {
    public static final IntakeSettings OFF = new IntakeSettings(null, null, null, Duration.ofSeconds(10), List.of(50d, 95d, 99d), 10_000);

    public IntakeSettings {
        percentiles = List.copyOf(percentiles);
    }

    public boolean any() {
        return graphite != null || statsd != null;
    }
}

package dev.vigil.metrics.alert;

import dev.vigil.metrics.SeriesKey;
import java.time.Duration;

/**
 * "Above 90 for 10 minutes": a warning and/or critical level on a series (of one host, or of every host
 * when {@code host} is null), crossed for at least {@code duration} before it counts; {@code below} flips it.
 */
public record ThresholdRule(String host, String name, double warning, double critical, Duration duration, boolean below) {
    public boolean applies(SeriesKey key) {
        return key.name().equals(name) && (host == null || host.equals(key.host()));
    }

    /** 2 critical, 1 warning, 0 fine. */
    int level(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        if (!Double.isNaN(critical) && (below ? value < critical : value > critical)) {
            return 2;
        }
        if (!Double.isNaN(warning) && (below ? value < warning : value > warning)) {
            return 1;
        }
        return 0;
    }
}

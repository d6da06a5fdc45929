package dev.vigil.checks.state;

import dev.vigil.checks.State;
import java.util.List;

/**
 * Nagios' flap detection: the percentage of state changes among the last 21 results, with recent changes
 * weighted more (from 0.75 for the oldest to 1.25 for the newest) so flapping that stopped fades out.
 * Flapping starts at or above {@code high} percent and stops below {@code low} (hysteresis).
 */
public record FlapDetection(double low, double high) {
    public static final int WINDOW = 21;
    private static final double OLDEST_WEIGHT = 0.75;
    private static final double NEWEST_WEIGHT = 1.25;

    public FlapDetection {
        if (low < 0 || high > 100 || low > high) {
            throw new IllegalArgumentException("flap thresholds must satisfy 0 <= low <= high <= 100");
        }
    }

    /** The weighted state-change percentage of {@code history} (oldest first). */
    public static double percent(List<State> history) {
        double weighted = 0;
        for (int i = 1; i < history.size(); i++) {
            if (!history.get(i).equals(history.get(i - 1))) {
                // Weights are placed as if the window were full, so a young history is not over-weighted.
                int position = WINDOW - history.size() + i;
                weighted += OLDEST_WEIGHT + (position - 1) * (NEWEST_WEIGHT - OLDEST_WEIGHT) / (WINDOW - 2);
            }
        }
        return weighted * 100.0 / (WINDOW - 1);
    }
}

package dev.vigil.checks.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters for how well the engine keeps its schedule: checks run, and how late each started compared with
 * when it was due (the figure that shows an overloaded engine before anything else does).
 */
public final class EngineStats {
    private static final int RESERVOIR = 1 << 17;

    private final AtomicLong checks = new AtomicLong();
    private final double[] lateness = new double[RESERVOIR];
    private long recorded;

    void record(double latenessMillis) {
        checks.incrementAndGet();
        synchronized (lateness) {
            lateness[(int) (recorded++ % RESERVOIR)] = latenessMillis;
        }
    }

    public long checksRun() {
        return checks.get();
    }

    /** The given percentile (0–100) of lateness in milliseconds over the most recent checks. */
    public double latenessPercentile(double percentile) {
        double[] copy;
        synchronized (lateness) {
            copy = Arrays.copyOf(lateness, (int) Math.min(recorded, RESERVOIR));
        }
        if (copy.length == 0) {
            return 0;
        }
        Arrays.sort(copy);
        int index = (int) Math.ceil(percentile / 100.0 * copy.length) - 1;
        return copy[Math.max(0, Math.min(copy.length - 1, index))];
    }

    /** Starts a new measurement window (the benchmark drops its warm-up this way). */
    public void reset() {
        synchronized (lateness) {
            recorded = 0;
        }
        checks.set(0);
    }
}

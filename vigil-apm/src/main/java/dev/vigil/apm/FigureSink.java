package dev.vigil.apm;

import java.time.Instant;

/**
 * Where each closed minute's figures go: the metric store on the server (as series named {@code apm.*} on the
 * service's name), so graphs, thresholds and forecasts work on them unchanged.
 */
@FunctionalInterface
public interface FigureSink {

    /** One figure; a name the store refuses is skipped by the caller. */
    void record(String service, String name, String unit, Instant at, double value);
}

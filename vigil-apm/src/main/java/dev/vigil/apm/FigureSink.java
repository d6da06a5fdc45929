package dev.vigil.apm;

import java.time.Instant;

/**
 * Where numbers go: each closed minute's figures (series named {@code apm.*} on the service's name) and OTLP
 * metrics; the metric store on the server, so graphs, thresholds and forecasts work on them unchanged.
 */
@FunctionalInterface
public interface FigureSink {

    /** One number; a name the store refuses is an IllegalArgumentException, which the caller counts and skips. */
    void record(String service, String name, String unit, Instant at, double value);
}

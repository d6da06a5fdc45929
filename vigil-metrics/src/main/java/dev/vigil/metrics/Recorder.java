package dev.vigil.metrics;

import java.time.Instant;

/** Where a collector puts what it measured: the metric store on the server, the on-disk buffer on an agent. */
@FunctionalInterface
public interface Recorder {

    /** Records one value; a series is created on first sight. */
    void record(SeriesInfo info, Instant at, double value);
}

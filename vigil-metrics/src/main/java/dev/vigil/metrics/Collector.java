package dev.vigil.metrics;

import java.time.Instant;
import java.util.List;

/** A source of numbers polled on a schedule (a munin-node, a Prometheus endpoint). One class per kind. */
public interface Collector {

    /** What one poll found. */
    record Reading(SeriesInfo info, double value) {}

    /** The host the readings belong to. */
    String host();

    /** Polls once; a failure is an exception with a message fit for a status line (the next poll tries again). */
    List<Reading> collect(Instant now) throws Exception;
}

package dev.vigil.core.event;

import java.time.Instant;

/**
 * One number about a host at a moment, measured by something other than the metrics module itself (a check's
 * perfdata, later an agent), with what its source knows of its limits. The metrics module keeps it as a series.
 *
 * @param warning the warning line to draw; NaN when none
 * @param critical the critical line to draw; NaN when none
 * @param max the capacity (100 for percent); NaN when unknown
 * @param capacity whether it measures something that fills up (what forecasts are made for)
 * @param source who measured it: "perfdata" for a check's own number, "check" for a machine measurement a check made
 */
public record Sample(String host, String name, String unit, Instant at, double value, double warning, double critical,
                     double max, boolean capacity, String source) {}

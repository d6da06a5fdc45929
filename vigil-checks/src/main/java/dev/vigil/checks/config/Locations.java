package dev.vigil.checks.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a service is checked from ({@code locations:}) and how many of those places must agree before it is a HARD
 * problem ({@code quorum:}). {@value #LOCAL} is this server; any other name is a probe's location. Without
 * {@code locations:} a service is checked here only, as in Nagios.
 */
public record Locations(List<String> names, int quorum) {
    public static final String LOCAL = "local";
    public static final Locations NONE = new Locations(List.of(), 1);
    /** A location's name: short, lower case, safe in a URL, a file name and a label. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public Locations {
        names = List.copyOf(names);
    }

    /** Whether this service is checked from several places (or from a probe), with a quorum. */
    public boolean spread() {
        return !names.isEmpty();
    }

    /** Whether this server runs the check itself. */
    public boolean runsHere() {
        return names.isEmpty() || names.contains(LOCAL);
    }

    /** The default quorum: a majority of the locations. */
    public static int majority(int locations) {
        return locations / 2 + 1;
    }
}

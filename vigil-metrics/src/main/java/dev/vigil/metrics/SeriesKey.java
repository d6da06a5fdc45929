package dev.vigil.metrics;

import java.util.regex.Pattern;

/**
 * Which series: a metric name on a host. Names are validated so no name can reach outside the store (no
 * {@code ..}, no slashes at the ends, printable characters only); files are named by a hash, never by it.
 */
public record SeriesKey(String host, String name) implements Comparable<SeriesKey> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@%/ +=,-]{1,200}");

    public SeriesKey {
        if (host == null || !NAME.matcher(host).matches() || host.contains("..")) {
            throw new IllegalArgumentException("invalid host name for a series");
        }
        if (name == null || !NAME.matcher(name).matches() || name.contains("..") || name.startsWith("/")) {
            throw new IllegalArgumentException("invalid series name '" + (name == null ? "" : name.length() > 60
                    ? name.substring(0, 60) + "…" : name) + "': letters, digits and _ . : @ % / + - (no '..')");
        }
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = host.compareTo(o.host);
        return c != 0 ? c : name.compareTo(o.name);
    }
}

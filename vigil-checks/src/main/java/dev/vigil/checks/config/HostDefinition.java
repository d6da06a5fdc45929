package dev.vigil.checks.config;

import dev.vigil.checks.Check;
import dev.vigil.core.config.Location;
import java.util.List;

/**
 * A monitored machine. Without a {@code check} a host counts as UP unless a parent is down.
 *
 * @param source the configuration mapping as written (after template expansion), for the API
 */
public record HostDefinition(String name, String address, List<String> parents, List<String> groups,
                             String checkType, Check check, Timing timing, Object source, Location location) {
    public HostDefinition {
        parents = List.copyOf(parents);
        groups = List.copyOf(groups);
    }
}

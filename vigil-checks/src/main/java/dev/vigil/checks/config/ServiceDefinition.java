package dev.vigil.checks.config;

import dev.vigil.checks.Check;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.core.config.Location;
import java.time.Duration;
import java.util.List;

/**
 * One service on one host. A service applied to a host group becomes one definition per host.
 *
 * @param check the active check, or null for a passive service
 * @param freshness how long without a result before {@code freshnessState} is assumed; null to never
 * @param dependsOn what it needs to work, as {@code HOST} or {@code HOST/SERVICE} ({@code depends_on:}): the shop on
 *                  web1 needs the database on db1, so their problems are one incident
 * @param locations where it is checked from and the quorum of them that makes a HARD problem ({@link Locations#NONE}: here)
 */
public record ServiceDefinition(String host, String name, String type, Check check, Timing timing,
                                Duration freshness, ServiceState freshnessState, Object source, Location location,
                                List<String> dependsOn, Locations locations) {
    public ServiceDefinition {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        locations = locations == null ? Locations.NONE : locations;
    }

    /** A service checked here only. */
    public ServiceDefinition(String host, String name, String type, Check check, Timing timing, Duration freshness,
                             ServiceState freshnessState, Object source, Location location, List<String> dependsOn) {
        this(host, name, type, check, timing, freshness, freshnessState, source, location, dependsOn, Locations.NONE);
    }

    /** A service that depends on nothing. */
    public ServiceDefinition(String host, String name, String type, Check check, Timing timing, Duration freshness,
                             ServiceState freshnessState, Object source, Location location) {
        this(host, name, type, check, timing, freshness, freshnessState, source, location, List.of(), Locations.NONE);
    }

    /** The host a {@code depends_on} entry names ({@code HOST} or {@code HOST/SERVICE}). */
    public static String hostOf(String dependency) {
        int slash = dependency.indexOf('/');
        return slash < 0 ? dependency : dependency.substring(0, slash);
    }

    public Target target() {
        return Target.service(host, name);
    }

    public boolean isActive() {
        return check != null;
    }
}

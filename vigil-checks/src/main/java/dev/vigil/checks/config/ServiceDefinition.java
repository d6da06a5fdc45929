package dev.vigil.checks.config;

import dev.vigil.checks.Check;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.core.config.Location;
import java.time.Duration;

/**
 * One service on one host. A service applied to a host group becomes one definition per host.
 *
 * @param check the active check, or null for a passive service
 * @param freshness how long without a result before {@code freshnessState} is assumed; null to never
 */
public record ServiceDefinition(String host, String name, String type, Check check, Timing timing,
                                Duration freshness, ServiceState freshnessState, Object source, Location location) {
    public Target target() {
        return Target.service(host, name);
    }

    public boolean isActive() {
        return check != null;
    }
}

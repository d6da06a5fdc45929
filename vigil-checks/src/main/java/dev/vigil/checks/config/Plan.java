package dev.vigil.checks.config;

import dev.vigil.checks.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything configured to be monitored: the result of reading and validating the configuration. */
public record Plan(Map<String, HostDefinition> hosts, Map<Target, ServiceDefinition> services, List<Downtime> downtimes) {
    public Plan {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        downtimes = List.copyOf(downtimes);
    }

    public static Plan empty() {
        return new Plan(Map.of(), Map.of(), List.of());
    }
}

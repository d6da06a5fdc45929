package dev.vigil.checks.config;

import dev.vigil.checks.Target;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The hosts whose problems belong together because a service on one depends on the other ({@code depends_on}),
     * both ways: web1's shop needs db1's database, so db1's disk and web1's 503 are one story.
     */
    public Map<String, Set<String>> relatedHosts() {
        Map<String, Set<String>> out = new HashMap<>();
        for (ServiceDefinition s : services.values()) {
            for (String d : s.dependsOn()) {
                String other = ServiceDefinition.hostOf(d);
                if (!other.equals(s.host())) {
                    out.computeIfAbsent(s.host(), k -> new TreeSet<>()).add(other);
                    out.computeIfAbsent(other, k -> new TreeSet<>()).add(s.host());
                }
            }
        }
        return out;
    }
}

package dev.vigil.checks.config;

import java.util.List;
import java.util.Map;

/**
 * Hosts and services registered at runtime through the API (by provisioning bots), kept as the mapping the
 * client sent so they are validated by the same reader as the config files on every start and reload.
 */
public interface Registrations {
    enum Kind { HOST, SERVICE }

    /** One registered object; {@code service} is null for a host. */
    record Registration(Kind kind, String host, String service, Map<String, Object> definition) {}

    List<Registration> list();

    /** Adds or replaces the object of the same kind, host and service. */
    void save(Registration r);

    /** Removes it; returns how many were removed (0 or 1). */
    int remove(Kind kind, String host, String service);
}

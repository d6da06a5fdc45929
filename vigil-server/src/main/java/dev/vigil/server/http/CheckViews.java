package dev.vigil.server.http;

import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.state.Acknowledgement;
import dev.vigil.checks.state.Status;
import dev.vigil.core.config.Durations;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API. Field names are a contract with API clients; change them only additively. */
final class CheckViews {
    private CheckViews() {}

    record HostView(String host, String address, List<String> parents, List<String> groups, String checkType,
                    String state, String stateType, int attempt, int maxAttempts, Instant lastCheck,
                    Instant nextCheck, Instant lastStateChange, String output, boolean flapping,
                    Acknowledgement acknowledgement, String downtime, String origin) {}

    record ServiceView(String host, String service, String type, String state, String stateType, int attempt,
                       int maxAttempts, Instant lastCheck, Instant nextCheck, Instant lastStateChange,
                       Instant lastHardStateChange, String output, String longOutput, List<PerfValue> perfdata,
                       boolean flapping, double flapPercent, Acknowledgement acknowledgement, String downtime,
                       boolean passive, String origin, List<LocationView> locations, Integer quorum) {}

    /** A service's state at one of its locations (for a service checked from several places). */
    record LocationView(String location, String state, String stateType, int attempt, int maxAttempts, Instant lastCheck,
                        String output, boolean contact) {}

    record DowntimeView(String id, String host, String service, Instant start, Instant end, String cron,
                        String duration, String timezone, String comment, String author, boolean active,
                        String origin) {}

    static HostView host(HostDefinition h, Status s, CheckEngine engine, boolean registered) {
        Target t = Target.host(h.name());
        return new HostView(h.name(), h.address(), h.parents(), h.groups(), h.checkType(), s.state().name(),
                s.stateType().name(), s.attempt(), s.maxAttempts(), s.lastCheck(), engine.nextCheck(t).orElse(null),
                s.lastStateChange(), s.output(), s.flapping(), s.acknowledgement(), downtime(engine, t),
                registered ? "api" : "config");
    }

    static ServiceView service(ServiceDefinition d, Status s, CheckEngine engine, boolean registered) {
        Target t = d.target();
        return new ServiceView(d.host(), d.name(), d.type(), s.state().name(), s.stateType().name(), s.attempt(),
                s.maxAttempts(), s.lastCheck(), engine.nextCheck(t).orElse(null), s.lastStateChange(),
                s.lastHardStateChange(), s.output(), s.longOutput(), s.perfdata(), s.flapping(),
                Math.round(s.flapPercent() * 10) / 10.0, s.acknowledgement(), downtime(engine, t), !d.isActive(),
                registered ? "api" : "config", locations(d, engine), d.locations().spread() ? d.locations().quorum() : null);
    }

    /** Each location's own state, in the order the service lists them (null for a service checked here only). */
    static List<LocationView> locations(ServiceDefinition d, CheckEngine engine) {
        if (!d.locations().spread()) {
            return null;
        }
        var places = engine.places(d.target());
        var lost = engine.lostLocations();
        return d.locations().names().stream().map(n -> {
            Status p = places.get(n);
            return p == null ? new LocationView(n, "PENDING", "HARD", 0, d.timing().maxAttempts(), null, "waiting for the first result", !lost.contains(n))
                    : new LocationView(n, p.state().name(), p.stateType().name(), p.attempt(), p.maxAttempts(), p.lastCheck(), p.output(),
                    !lost.contains(n));
        }).toList();
    }

    private static String downtime(CheckEngine engine, Target t) {
        return engine.activeDowntimes(t).stream().findFirst()
                .map(d -> d.comment().isEmpty() ? d.id() : d.comment()).orElse(null);
    }

    static DowntimeView downtime(Downtime d, Instant now) {
        return new DowntimeView(d.id(), d.host(), d.service(), d.start(), d.end(), d.cron(),
                d.duration() == null ? null : Durations.format(d.duration()),
                d.zone() == null ? null : d.zone().getId(), d.comment(), d.author(), d.isActive(now),
                d.id().startsWith("config-") ? "config" : "api");
    }
}

package dev.vigil.checks;

import dev.vigil.core.event.Severity;

/** The state of a monitored object: a {@link ServiceState} for services, a {@link HostState} for hosts. */
public sealed interface State permits ServiceState, HostState {
    String name();

    boolean isProblem();

    Severity severity();

    /** Parses a stored state name; service names win where both enums could match (none today). */
    static State parse(String name, boolean host) {
        return host ? HostState.valueOf(name) : ServiceState.valueOf(name);
    }
}

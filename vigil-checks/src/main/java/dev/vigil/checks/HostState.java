package dev.vigil.checks;

import dev.vigil.core.event.Severity;

/** Nagios host states. UNREACHABLE means a parent is down, so this host's own state cannot be known. */
public enum HostState implements State {
    UP, DOWN, UNREACHABLE, PENDING;

    @Override
    public boolean isProblem() {
        return this == DOWN || this == UNREACHABLE;
    }

    @Override
    public Severity severity() {
        return switch (this) {
            case UP, PENDING -> Severity.OK;
            case DOWN -> Severity.CRITICAL;
            case UNREACHABLE -> Severity.WARNING;
        };
    }

    /** A host check's result as Nagios reads it: OK and WARNING mean the host is up. */
    public static HostState of(ServiceState result) {
        return result == ServiceState.OK || result == ServiceState.WARNING ? UP : DOWN;
    }
}

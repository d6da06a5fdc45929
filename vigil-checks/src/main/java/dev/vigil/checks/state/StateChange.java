package dev.vigil.checks.state;

import dev.vigil.checks.State;

/** Something a check result changed that people may need to hear about. */
public sealed interface StateChange {

    /** A confirmed (HARD) change of state, including recoveries. */
    record HardChange(State from, State to) implements StateChange {
        public boolean isRecovery() {
            return from.isProblem() && !to.isProblem();
        }
    }

    /** The object started flapping: its per-change alerts are suppressed until it settles. */
    record FlapStart(double percent) implements StateChange {}

    /** The object stopped flapping. */
    record FlapStop(double percent) implements StateChange {}
}

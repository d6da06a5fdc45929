package dev.vigil.checks.state;

import dev.vigil.checks.State;

/** Something a check result changed that people may need to hear about. */
public sealed interface Change {

    /** A confirmed (HARD) change of state, including recoveries. */
    record HardChange(State from, State to) implements Change {
        public boolean isRecovery() {
            return from.isProblem() && !to.isProblem();
        }
    }

    /** The object started flapping: its per-change alerts are suppressed until it settles. */
    record FlapStart(double percent) implements Change {}

    /** The object stopped flapping. */
    record FlapStop(double percent) implements Change {}
}

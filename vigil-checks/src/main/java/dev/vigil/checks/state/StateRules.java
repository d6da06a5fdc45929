package dev.vigil.checks.state;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Nagios' state logic as a pure function from (current status, new observation) to (next status, changes).
 *
 * <ul>
 *   <li>A problem after OK is SOFT at attempt 1 and re-checked; at {@code max_attempts} it becomes HARD.
 *   <li>A HARD problem that changes kind (WARNING to CRITICAL) is a new HARD change at once.
 *   <li>OK is always HARD; OK after a HARD problem is a recovery, OK after a SOFT one is silent.
 *   <li>Non-sticky acknowledgements end at any state change, sticky ones at recovery.
 * </ul>
 */
public final class StateRules {
    private StateRules() {}

    /** The outcome of applying one observation. */
    public record Step(Status next, List<StateChange> changes) {}

    public static Step apply(Status prev, State observed, CheckResult result, Instant now, FlapDetection flap) {
        List<StateChange> changes = new ArrayList<>();
        State current = prev.state();
        int max = prev.maxAttempts();
        StateType type;
        int attempt;
        State lastHard = prev.lastHardState();
        Instant lastHardChange = prev.lastHardStateChange();

        if (!observed.isProblem()) {
            type = StateType.HARD;
            attempt = 1;
            if (lastHard.isProblem()) {
                changes.add(new StateChange.HardChange(lastHard, observed));
                lastHardChange = now;
            }
            lastHard = observed;
        } else if (prev.stateType() == StateType.HARD && current.isProblem()) {
            type = StateType.HARD;
            attempt = max;
            if (!observed.equals(current)) {
                changes.add(new StateChange.HardChange(current, observed));
                lastHardChange = now;
            }
            lastHard = observed;
        } else {
            attempt = current.isProblem() ? prev.attempt() + 1 : 1;
            if (attempt >= max) {
                type = StateType.HARD;
                attempt = max;
                changes.add(new StateChange.HardChange(lastHard, observed));
                lastHard = observed;
                lastHardChange = now;
            } else {
                type = StateType.SOFT;
            }
        }

        boolean changed = !observed.equals(current);
        Instant lastChange = changed ? now : prev.lastStateChange();

        Acknowledgement ack = prev.acknowledgement();
        if (ack != null && (!observed.isProblem() || (changed && !ack.sticky()))) {
            ack = null;
        }

        List<State> history = new ArrayList<>(prev.history());
        history.add(observed);
        while (history.size() > FlapDetection.WINDOW) {
            history.remove(0);
        }
        double percent = FlapDetection.percent(history);
        boolean flapping = prev.flapping();
        if (!flapping && percent >= flap.high()) {
            flapping = true;
            changes.add(new StateChange.FlapStart(percent));
        } else if (flapping && percent < flap.low()) {
            flapping = false;
            changes.add(new StateChange.FlapStop(percent));
        }

        boolean alerted = prev.alerted() && observed.isProblem();
        Status next = new Status(prev.target(), observed, type, attempt, max, now, lastChange, lastHardChange,
                lastHard, result.output(), result.longOutput(), result.perfdata(), history, flapping, percent,
                ack, alerted);
        return new Step(next, changes);
    }
}

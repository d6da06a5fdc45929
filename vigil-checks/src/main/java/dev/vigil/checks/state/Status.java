package dev.vigil.checks.state;

import dev.vigil.checks.HostState;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import java.time.Instant;
import java.util.List;

/**
 * Everything Vigil knows about one host or service right now. Immutable: each check result produces a
 * new status through {@link StateRules}, which makes the rules easy to test and the store easy to write.
 *
 * @param lastHardState the confirmed state that alerts are relative to
 * @param history the last {@link FlapDetection#WINDOW} observed states, oldest first, for flap detection
 * @param alerted whether the current problem raised an alert; a recovery only alerts if the problem did
 */
public record Status(
        Target target,
        State state,
        StateType stateType,
        int attempt,
        int maxAttempts,
        Instant lastCheck,
        Instant lastStateChange,
        Instant lastHardStateChange,
        State lastHardState,
        String output,
        String longOutput,
        List<PerfValue> perfdata,
        List<State> history,
        boolean flapping,
        double flapPercent,
        Acknowledgement acknowledgement,
        boolean alerted) {

    public Status {
        history = List.copyOf(history);
        perfdata = List.copyOf(perfdata);
        output = output == null ? "" : output;
        longOutput = longOutput == null ? "" : longOutput;
    }

    /** A never-checked object. */
    public static Status pending(Target target, int maxAttempts, Instant now) {
        State pending = target.isHost() ? HostState.PENDING : ServiceState.PENDING;
        State ok = target.isHost() ? HostState.UP : ServiceState.OK;
        return new Status(target, pending, StateType.HARD, 1, maxAttempts, null, now, now, ok,
                "waiting for the first check", "", List.of(), List.of(), false, 0, null, false);
    }

    public boolean isHardProblem() {
        return stateType == StateType.HARD && state.isProblem();
    }

    public Status withAcknowledgement(Acknowledgement ack) {
        return new Status(target, state, stateType, attempt, maxAttempts, lastCheck, lastStateChange,
                lastHardStateChange, lastHardState, output, longOutput, perfdata, history, flapping, flapPercent,
                ack, alerted);
    }

    public Status withAlerted(boolean alerted) {
        return new Status(target, state, stateType, attempt, maxAttempts, lastCheck, lastStateChange,
                lastHardStateChange, lastHardState, output, longOutput, perfdata, history, flapping, flapPercent,
                acknowledgement, alerted);
    }

    public Status withMaxAttempts(int max) {
        return new Status(target, state, stateType, Math.min(attempt, max), max, lastCheck, lastStateChange,
                lastHardStateChange, lastHardState, output, longOutput, perfdata, history, flapping, flapPercent,
                acknowledgement, alerted);
    }
}

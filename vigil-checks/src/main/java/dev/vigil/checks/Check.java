package dev.vigil.checks;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One kind of active check. Implementations are configured once (their constructor validates) and then
 * run many times, possibly concurrently, so they keep no per-run state.
 */
public interface Check {

    /**
     * Runs the check once. Problems with the target are results (CRITICAL, UNKNOWN with the reason), never
     * exceptions; the engine also enforces {@code timeout} from outside in case a check ignores it.
     */
    CheckResult run(Duration timeout) throws InterruptedException;

    /**
     * Runs the check once and hands what it fetched (an HTTP body) to {@code fetched}, for the leak
     * detectors. Checks that fetch nothing a person could read just run.
     */
    default CheckResult run(Duration timeout, Consumer<Fetched> fetched) throws InterruptedException {
        return run(timeout);
    }

    /**
     * The host or address this check connects to, if it connects anywhere: what a policy on registered
     * checks (the API's allowed targets) judges. Empty for checks that look at this machine.
     */
    default Optional<String> target() {
        return Optional.empty();
    }

    /**
     * The machine measurement a perfdata label of this check reports, named as the local collector names it
     * ({@code load1} of a load check is {@code load.1min}), so the two are one series that carries the service's
     * thresholds. Null for a number only this check knows, which is kept as {@code <service>.<label>}.
     */
    default String measures(String perfLabel) {
        return null;
    }
}

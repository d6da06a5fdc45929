package dev.vigil.checks;

import java.time.Duration;

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
     * The host or address this check connects to, if it connects anywhere: what a policy on registered
     * checks (the API's allowed targets) judges. Empty for checks that look at this machine.
     */
    default java.util.Optional<String> target() {
        return java.util.Optional.empty();
    }
}

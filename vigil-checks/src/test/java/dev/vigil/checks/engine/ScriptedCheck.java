package dev.vigil.checks.engine;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A check whose answers the test sets, recording when it ran. */
final class ScriptedCheck implements Check {
    private final InstantSource clock;
    volatile ServiceState next = ServiceState.OK;
    final List<Instant> runs = new ArrayList<>();

    ScriptedCheck(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CheckResult run(Duration timeout) {
        runs.add(clock.instant());
        return CheckResult.of(next, "scripted " + next);
    }
}

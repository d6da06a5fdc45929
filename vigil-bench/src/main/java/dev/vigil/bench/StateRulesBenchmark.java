package dev.vigil.bench;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Perfdata;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.checks.state.StateRules;
import dev.vigil.checks.state.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Per-result costs on the hot path: applying Nagios' state rules, and parsing a plugin's output. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateRulesBenchmark {
    private static final String DISK = "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
            + "/ 15272 MB (77%);\n/boot 68 MB (69%); | /boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414";
    private final FlapDetection flap = new FlapDetection(20, 30);
    private Status status = Status.pending(Target.service("web1", "http"), 3, Instant.EPOCH);
    private final CheckResult ok = CheckResult.of(ServiceState.OK, "HTTP OK", PerfValue.of("time", 0.01, "s"));
    private final CheckResult critical = CheckResult.of(ServiceState.CRITICAL, "HTTP CRITICAL");
    private long n;

    @Benchmark
    public Status applyResult() {
        CheckResult r = (n++ % 7 == 0) ? critical : ok;
        status = StateRules.apply(status, r.state(), r, Instant.ofEpochSecond(n), flap).next();
        return status;
    }

    @Benchmark
    public PluginOutput parsePluginOutput() {
        return PluginOutput.parse(DISK);
    }

    @Benchmark
    public List<PerfValue> parsePerfdata() {
        return Perfdata.parse("time=0.006s;1.000;2.000;0.000;10.000 size=1234B;;;0 'a b'=5%;80;90", new ArrayList<>());
    }
}

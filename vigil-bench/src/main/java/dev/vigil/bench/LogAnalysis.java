package dev.vigil.bench;

import dev.vigil.logs.ossec.Analyzer;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.ossec.Verdict;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Lines per CPU-second through pre-decoding, decoding and OSSEC's full default ruleset on one thread, and
 * the per-line latency, on the deterministic sample {@code shared/bench/loggen.py} writes. The anchor is
 * OSSEC 4.2's own analyzer on the same 200,000 lines: 4.6 CPU-seconds on one core.
 *
 * <p>Usage: {@code LogAnalysis SAMPLE_FILE OSSEC_RULESET_DIR [PASSES=3]}
 */
public final class LogAnalysis {
    private static final double OSSEC_CPU_SECONDS_FOR_200K = 4.6;

    private LogAnalysis() {}

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path ossec = Path.of(args[1]);
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Ruleset set = Ruleset.load(ossec.resolve("decoders"), ossec.resolve("rules"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm-up: the JIT compiles the engine and the patterns.
        run(new Analyzer(set, InstantSource.system(), ZoneOffset.UTC, "bench"), lines, null);
        double best = Double.MAX_VALUE;
        long[] latencies = new long[lines.size()];
        int alerts = 0;
        for (int p = 0; p < passes; p++) {
            Analyzer a = new Analyzer(set, InstantSource.system(), ZoneOffset.UTC, "bench");
            long cpu = threads.getCurrentThreadCpuTime();
            alerts = run(a, lines, latencies);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        }
        Arrays.sort(latencies);
        double perSecond = lines.size() / best;
        double ossecPerSecond = 200_000 / OSSEC_CPU_SECONDS_FOR_200K;
        System.out.printf(Locale.ROOT, "lines                      %,d (%d rules loaded)%n", lines.size(), set.ruleCount());
        System.out.printf(Locale.ROOT, "CPU seconds (best of %d)    %.2f%n", passes, best);
        System.out.printf(Locale.ROOT, "lines/s per core           %,.0f%n", perSecond);
        System.out.printf(Locale.ROOT, "OSSEC 4.2 anchor           %,.0f lines/s per core (4.6 CPU-s for 200,000)%n", ossecPerSecond);
        System.out.printf(Locale.ROOT, "ratio vs OSSEC             %.1fx%n", perSecond / ossecPerSecond);
        System.out.printf(Locale.ROOT, "per-line latency p50/p99   %.1f / %.1f us%n", latencies[latencies.length / 2] / 1e3,
                latencies[(int) (latencies.length * 0.99)] / 1e3);
        System.out.printf(Locale.ROOT, "alerts (level > 0)         %,d%n", alerts);
    }

    private static int run(Analyzer a, List<String> lines, long[] latencies) {
        int alerts = 0;
        for (int i = 0; i < lines.size(); i++) {
            long t = System.nanoTime();
            Verdict v = a.analyze(lines.get(i), "/var/log/bench.log");
            if (latencies != null) {
                latencies[i] = System.nanoTime() - t;
            }
            if (v.alert()) {
                alerts++;
            }
        }
        return alerts;
    }
}

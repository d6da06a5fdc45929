package dev.vigil.bench;

import dev.vigil.logs.LogPipeline;
import dev.vigil.logs.input.LogInput;
import dev.vigil.logs.input.LogLine;
import dev.vigil.logs.ossec.Analyzer;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.ossec.Verdict;
import dev.vigil.logs.search.LogIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Lines per CPU-second through pre-decoding, decoding and OSSEC's full default ruleset on one thread, and
 * the per-line latency, on the deterministic sample {@code shared/bench/loggen.py} writes. The anchor is
 * OSSEC 4.2's own analyzer on the same 200,000 lines: 4.6 CPU-seconds on one core. Then the whole
 * pipeline with the Lucene index: indexing throughput and line-to-event latency.
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
        long loadStart = System.nanoTime();
        Ruleset set = Ruleset.load(ossec.resolve("decoders"), ossec.resolve("rules"));
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
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
        System.out.printf(Locale.ROOT, "lines                      %,d (%d rules loaded in %.2f s, %d skipped)%n", lines.size(),
                set.ruleCount(), loadSeconds, set.skipped().size());
        System.out.printf(Locale.ROOT, "CPU seconds (best of %d)    %.2f%n", passes, best);
        System.out.printf(Locale.ROOT, "lines/s per core           %,.0f%n", perSecond);
        System.out.printf(Locale.ROOT, "OSSEC 4.2 anchor           %,.0f lines/s per core (4.6 CPU-s for 200,000)%n", ossecPerSecond);
        System.out.printf(Locale.ROOT, "ratio vs OSSEC             %.1fx%n", perSecond / ossecPerSecond);
        System.out.printf(Locale.ROOT, "per-line latency p50/p99   %.1f / %.1f us%n", latencies[latencies.length / 2] / 1e3,
                latencies[(int) (latencies.length * 0.99)] / 1e3);
        System.out.printf(Locale.ROOT, "alerts (level > 0)         %,d%n", alerts);
        pipeline(set, lines, 0);
        pipeline(set, lines, 20_000);
        pipeline(set, lines, 5_000); // below what 2 cores index: the latency of a steady load
    }

    /**
     * The whole pipeline (queue, analysis, Lucene indexing with commits, events): lines/s indexed and the
     * line-to-event latency p99 (read by the input to event handed on). {@code rate} 0 floods all lines at
     * once (latency then includes the queue); otherwise lines arrive at that many per second.
     */
    private static void pipeline(Ruleset set, List<String> lines, int rate) throws Exception {
        Path dir = Files.createTempDirectory("vigil-log-bench");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        LogIndex index = new LogIndex(dir, Duration.ofDays(30), InstantSource.system());
        LogPipeline p = new LogPipeline(List.of(set), index, new LogPipeline.Settings(1, Duration.ofHours(1), "bench"),
                InstantSource.system(), ZoneOffset.UTC, events -> {
                    long now = System.currentTimeMillis();
                    events.forEach(e -> latencies.add(now - e.when().toEpochMilli()));
                });
        p.start();
        long start = System.nanoTime();
        p.add(new LogInput() {
            @Override
            public String name() {
                return "bench";
            }

            @Override
            public void start(Sink sink) {
                Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < lines.size(); i++) {
                            if (rate > 0) {
                                long due = start + (long) (i * 1e9 / rate);
                                while (System.nanoTime() < due) {
                                    Thread.onSpinWait();
                                }
                            }
                            sink.accept(new LogLine(lines.get(i), "/var/log/bench.log", null, Instant.now(), null));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }

            @Override
            public String problem() {
                return null;
            }

            @Override
            public void close() {
            }
        });
        while (p.lines() < lines.size()) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        p.close();
        index.close();
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %,.0f lines/s indexed (wall, 2 cores), line-to-event p50/p99 %d / %d ms over %,d events%n",
                rate == 0 ? "pipeline, all lines at once" : String.format(Locale.ROOT, "pipeline at %,d lines/s", rate),
                lines.size() / seconds, l.length == 0 ? 0 : l[l.length / 2], l.length == 0 ? 0 : l[(int) (l.length * 0.99)], l.length);
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

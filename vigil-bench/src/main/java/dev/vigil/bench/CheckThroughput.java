package dev.vigil.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.config.Timing;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.store.Database;
import dev.vigil.store.SqliteEngineStore;
import dev.vigil.store.SqliteEventLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Load run of the real engine: N checks per minute of one type against a local target, with the real
 * scheduler, virtual-thread workers and the SQLite store writing every result. Prints checks/min sustained,
 * CPU-seconds per 1,000 checks and lateness percentiles versus the schedule.
 *
 * <p>Usage: {@code CheckThroughput RATE_PER_MIN URL [builtin|exec] [warmup] [measure] [interval]}
 */
public final class CheckThroughput {
    private CheckThroughput() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rate = Integer.parseInt(args[0]);
        String url = args[1];
        String mode = args.length > 2 ? args[2] : "builtin";
        Duration warmup = Durations.parse(args.length > 3 ? args[3] : "20s");
        Duration measure = Durations.parse(args.length > 4 ? args[4] : "60s");
        Duration interval = Durations.parse(args.length > 5 ? args[5] : "10s");
        int services = (int) Math.round(rate * interval.toMillis() / 60_000.0);

        Timing timing = new Timing(interval, interval, 3, Duration.ofSeconds(10), new FlapDetection(20, 30));
        Map<String, Object> options = new LinkedHashMap<>();
        if (mode.equals("exec")) {
            var u = URI.create(url);
            options.put("command", List.of("/usr/lib/nagios/plugins/check_http", "-H", u.getHost(), "-p",
                    String.valueOf(u.getPort()), "-u", u.getPath().isEmpty() ? "/" : u.getPath()));
        } else {
            options.put("url", url);
        }
        String type = mode.equals("exec") ? "exec" : "http";
        ConfigErrors errors = new ConfigErrors();
        var check = CheckTypes.create(type, new Section((ConfigNode.Mapping) ConfigNode.fromValue(options,
                new Location("bench", 1)), errors), InstantSource.system()).orElseThrow();
        var host = new HostDefinition("target", "127.0.0.1", List.of(), List.of(), null, null, timing, Map.of(), null);
        Map<Target, ServiceDefinition> defs = new LinkedHashMap<>();
        for (int i = 0; i < services; i++) {
            var d = new ServiceDefinition("target", "web-" + i, type, check, timing, null, ServiceState.UNKNOWN,
                    Map.of("i", i), null);
            defs.put(d.target(), d);
        }

        Path data = Files.createTempDirectory("vigil-bench");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Database db = Database.open(data);
             SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers()) {
            CheckEngine engine = new CheckEngine(scheduler, workers, new SqliteEngineStore(db, new SqliteEventLog(db)), new Random(7));
            engine.apply(new Plan(Map.of("target", host), defs, List.of()));
            System.out.printf(Locale.ROOT, "%d %s services every %s (%d checks/min target), warm-up %s, measuring %s%n",
                    services, type, Durations.format(interval), rate, Durations.format(warmup), Durations.format(measure));
            Thread.sleep(warmup.toMillis());
            engine.stats().reset();
            long cpu0 = os.getProcessCpuTime() + childrenCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long checks = engine.stats().checksRun();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() + childrenCpuNanos() - cpu0) / 1e9;
            long ok = engine.statuses().stream().filter(s -> !s.target().isHost() && s.state() == ServiceState.OK).count();
            double perMin = checks / seconds * 60;
            System.out.printf(Locale.ROOT, "checks/min sustained: %.0f%n", perMin);
            System.out.printf(Locale.ROOT, "CPU-seconds per 1000 checks: %.3f (CPU of Vigil and its plugins %.1f s over %.1f s wall, %d cores)%n",
                    cpu / checks * 1000, cpu, seconds, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "lateness p50/p99/max: %.1f / %.1f / %.1f ms%n",
                    engine.stats().latenessPercentile(50), engine.stats().latenessPercentile(99),
                    engine.stats().latenessPercentile(100));
            System.out.printf(Locale.ROOT, "services OK at the end: %d of %d%n", ok, services);
            System.out.printf(Locale.ROOT, "RESULT mode=%s rate=%.0f cpu_per_1000=%.3f p99_ms=%.1f%n",
                    mode, perMin, cpu / checks * 1000, engine.stats().latenessPercentile(99));
            engine.stop();
            workers.shutdownNow();
        }
    }

    /** CPU used by finished child processes (forked plugins), from /proc: utime is not enough for exec checks. */
    private static long childrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: field 3 is f[0]; cutime and cstime are fields 16 and 17.
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

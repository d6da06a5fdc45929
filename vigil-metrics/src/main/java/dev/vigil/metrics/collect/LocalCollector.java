package dev.vigil.metrics.collect;

import dev.vigil.core.time.Scheduler;
import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/**
 * Samples this machine every interval (from /proc on Linux, through OSHI elsewhere): CPU per state, load, memory and swap, disk usage per
 * mount (bytes, percent, inodes), disk I/O per device, network per interface, processes, uptime. Rates
 * are computed from the previous sample, so the first round only primes them.
 */
public final class LocalCollector {
    private static final Logger log = LoggerFactory.getLogger(LocalCollector.class);

    private final Scheduler scheduler;
    private final Recorder store;
    private final String host;
    private final Duration interval;
    private final Predicate<String> mountFilter;
    private static final int IDLE = HostReading.CPU_STATES.indexOf("idle");
    private static final int IOWAIT = HostReading.CPU_STATES.indexOf("iowait");
    private final HostReader reader;
    private SystemInfo oshi;
    private long[] lastTicks;
    private final Map<String, long[]> lastCounters = new HashMap<>();
    private Instant lastAt;
    private volatile boolean stopped;
    private final TopProcesses top = new TopProcesses(Duration.ofDays(7));
    private Map<Integer, Long> lastProcessTime = new HashMap<>();
    private final boolean processes;

    public LocalCollector(Scheduler scheduler, Recorder store, String host, Duration interval, Predicate<String> mountFilter) {
        this(scheduler, store, host, interval, mountFilter, true);
    }

    /**
     * @param processes whether to keep the busiest processes of each window (reading every process's times costs
     *     memory and CPU a small agent should not spend when nothing reads them)
     */
    public LocalCollector(Scheduler scheduler, Recorder store, String host, Duration interval, Predicate<String> mountFilter,
                          boolean processes) {
        this.processes = processes;
        this.scheduler = scheduler;
        this.store = store;
        this.host = host;
        this.interval = interval;
        this.mountFilter = mountFilter;
        this.reader = HostReader.forThisMachine();
    }

    public void start() {
        scheduler.schedule(scheduler.clock().instant(), this::tick);
    }

    public void stop() {
        stopped = true;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        try {
            collect(scheduler.clock().instant());
        } catch (RuntimeException e) {
            log.warn("local metrics collection failed: {}", e.toString());
        }
        scheduler.schedule(scheduler.clock().instant().plus(interval), this::tick);
    }

    private void put(Instant at, String name, String unit, double value) {
        store.record(SeriesInfo.of(new SeriesKey(host, name), unit, "local"), at, value);
    }

    private void capacity(Instant at, String name, String unit, double value, double max) {
        store.record(SeriesInfo.of(new SeriesKey(host, name), unit, "local").asCapacity(max), at, value);
    }

    void collect(Instant at) {
        HostReading r = reader.read();
        if (r.load().length == 3) {
            put(at, "load.1min", "", r.load()[0]);
            put(at, "load.5min", "", r.load()[1]);
            put(at, "load.15min", "", r.load()[2]);
        }
        long[] ticks = r.cpuTicks();
        if (lastTicks != null) {
            long total = 0;
            for (int i = 0; i < ticks.length; i++) {
                total += ticks[i] - lastTicks[i];
            }
            if (total > 0) {
                for (int i = 0; i < ticks.length; i++) {
                    put(at, "cpu." + HostReading.CPU_STATES.get(i), "%", 100.0 * (ticks[i] - lastTicks[i]) / total);
                }
                // What a cpu check judges: everything but idle and iowait (as OSHI's system CPU load counts it).
                long idle = ticks[IDLE] - lastTicks[IDLE] + ticks[IOWAIT] - lastTicks[IOWAIT];
                capacity(at, "cpu.used", "%", 100.0 * (total - idle) / total, 100);
            }
        }
        lastTicks = ticks;

        long memTotal = r.memoryTotal();
        capacity(at, "memory.used", "B", memTotal - r.memoryAvailable(), memTotal);
        if (memTotal > 0) {
            capacity(at, "memory.percent", "%", 100.0 * (memTotal - r.memoryAvailable()) / memTotal, 100);
        }
        put(at, "memory.available", "B", r.memoryAvailable());
        capacity(at, "swap.used", "B", r.swapUsed(), r.swapTotal());
        if (r.swapTotal() > 0) {
            capacity(at, "swap.percent", "%", 100.0 * r.swapUsed() / r.swapTotal(), 100);
        }

        for (HostReading.Volume v : r.volumes()) {
            if (!mountFilter.test(v.mount()) || v.total() <= 0) {
                continue;
            }
            String m = v.mount();
            long used = v.total() - v.usable();
            capacity(at, "disk." + m + ".used", "B", used, v.total());
            capacity(at, "disk." + m + ".percent", "%", 100.0 * used / v.total(), 100);
            if (v.inodes() > 0) {
                capacity(at, "disk." + m + ".inodes", "%", 100.0 * (v.inodes() - v.freeInodes()) / v.inodes(), 100);
            }
        }

        double seconds = lastAt == null ? 0 : Math.max(1, Duration.between(lastAt, at).toMillis() / 1000.0);
        for (HostReading.Disk d : r.disks()) {
            rate(at, "diskio." + d.name() + ".reads", "ops/s", d.reads(), seconds);
            rate(at, "diskio." + d.name() + ".writes", "ops/s", d.writes(), seconds);
            rate(at, "diskio." + d.name() + ".read_bytes", "B/s", d.readBytes(), seconds);
            rate(at, "diskio." + d.name() + ".write_bytes", "B/s", d.writeBytes(), seconds);
        }
        for (HostReading.Interface n : r.interfaces()) {
            String name = n.name().replaceAll("[^A-Za-z0-9_.-]", "_");
            rate(at, "net." + name + ".rx_bytes", "B/s", n.received(), seconds);
            rate(at, "net." + name + ".tx_bytes", "B/s", n.sent(), seconds);
            rate(at, "net." + name + ".errors", "/s", n.errors(), seconds);
        }
        put(at, "processes", "", r.processes());
        put(at, "uptime", "s", r.uptimeSeconds());
        if (processes) {
            if (oshi == null) {
                oshi = new SystemInfo(); // only the server keeps the busiest processes; the agent never loads OSHI
            }
            snapshotProcesses(oshi.getOperatingSystem(), at, seconds);
        }
        lastAt = at;
    }

    /** The processes' top five by CPU over this window (from their CPU time since the last one) and by memory. */
    private void snapshotProcesses(OperatingSystem os, Instant at, double seconds) {
        Map<Integer, Long> now = new HashMap<>();
        List<TopProcesses.Proc> all = new ArrayList<>();
        for (var p : os.getProcesses()) {
            long cpuMillis = p.getKernelTime() + p.getUserTime();
            now.put(p.getProcessID(), cpuMillis);
            Long before = lastProcessTime.get(p.getProcessID());
            double pct = before == null || seconds <= 0 ? 0 : Math.max(0, (cpuMillis - before) / (seconds * 10.0));
            String cmd = p.getCommandLine();
            all.add(new TopProcesses.Proc(p.getProcessID(), p.getName(),
                    cmd == null ? "" : cmd.length() > 200 ? cmd.substring(0, 200) : cmd, pct, p.getResidentSetSize()));
        }
        lastProcessTime = now;
        if (seconds <= 0) {
            return; // first round: no window to measure CPU over yet
        }
        top.add(new TopProcesses.Snapshot(at,
                all.stream().sorted(Comparator.comparingDouble(TopProcesses.Proc::cpuPercent).reversed()).limit(5).toList(),
                all.stream().sorted(Comparator.comparingLong(TopProcesses.Proc::rssBytes).reversed()).limit(5).toList()));
    }

    public TopProcesses topProcesses() {
        return top;
    }

    /** A counter turned into a per-second rate against the previous sample; a counter reset gives no value. */
    private void rate(Instant at, String name, String unit, long counter, double seconds) {
        long[] prev = lastCounters.put(name, new long[] {counter});
        if (prev != null && seconds > 0 && counter >= prev[0]) {
            put(at, name, unit, (counter - prev[0]) / seconds);
        }
    }
}

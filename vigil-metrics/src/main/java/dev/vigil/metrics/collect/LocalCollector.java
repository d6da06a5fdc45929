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
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Samples this machine every interval through OSHI: CPU per state, load, memory and swap, disk usage per
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
    private final SystemInfo si = new SystemInfo();
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
        CentralProcessor cpu = si.getHardware().getProcessor();
        double[] load = cpu.getSystemLoadAverage(3);
        if (load[0] >= 0) {
            put(at, "load.1min", "", load[0]);
            put(at, "load.5min", "", load[1]);
            put(at, "load.15min", "", load[2]);
        }
        long[] ticks = cpu.getSystemCpuLoadTicks();
        if (lastTicks != null) {
            long total = 0;
            for (int i = 0; i < ticks.length; i++) {
                total += ticks[i] - lastTicks[i];
            }
            if (total > 0) {
                for (CentralProcessor.TickType t : List.of(CentralProcessor.TickType.USER, CentralProcessor.TickType.SYSTEM,
                        CentralProcessor.TickType.IOWAIT, CentralProcessor.TickType.STEAL, CentralProcessor.TickType.IDLE,
                        CentralProcessor.TickType.NICE, CentralProcessor.TickType.IRQ, CentralProcessor.TickType.SOFTIRQ)) {
                    int i = t.getIndex();
                    put(at, "cpu." + t.name().toLowerCase(Locale.ROOT), "%", 100.0 * (ticks[i] - lastTicks[i]) / total);
                }
                // What a cpu check judges: everything but idle and iowait (as OSHI's system CPU load counts it).
                long idle = ticks[CentralProcessor.TickType.IDLE.getIndex()] - lastTicks[CentralProcessor.TickType.IDLE.getIndex()]
                        + ticks[CentralProcessor.TickType.IOWAIT.getIndex()] - lastTicks[CentralProcessor.TickType.IOWAIT.getIndex()];
                capacity(at, "cpu.used", "%", 100.0 * (total - idle) / total, 100);
            }
        }
        lastTicks = ticks;

        GlobalMemory mem = si.getHardware().getMemory();
        capacity(at, "memory.used", "B", mem.getTotal() - mem.getAvailable(), mem.getTotal());
        if (mem.getTotal() > 0) {
            capacity(at, "memory.percent", "%", 100.0 * (mem.getTotal() - mem.getAvailable()) / mem.getTotal(), 100);
        }
        put(at, "memory.available", "B", mem.getAvailable());
        var vm = mem.getVirtualMemory();
        capacity(at, "swap.used", "B", vm.getSwapUsed(), vm.getSwapTotal());
        if (vm.getSwapTotal() > 0) {
            capacity(at, "swap.percent", "%", 100.0 * vm.getSwapUsed() / vm.getSwapTotal(), 100);
        }

        OperatingSystem os = si.getOperatingSystem();
        for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
            if (!mountFilter.test(fs.getMount()) || fs.getTotalSpace() <= 0) {
                continue;
            }
            String m = fs.getMount();
            long used = fs.getTotalSpace() - fs.getUsableSpace();
            capacity(at, "disk." + m + ".used", "B", used, fs.getTotalSpace());
            capacity(at, "disk." + m + ".percent", "%", 100.0 * used / fs.getTotalSpace(), 100);
            if (fs.getTotalInodes() > 0) {
                capacity(at, "disk." + m + ".inodes", "%", 100.0 * (fs.getTotalInodes() - fs.getFreeInodes()) / fs.getTotalInodes(), 100);
            }
        }

        double seconds = lastAt == null ? 0 : Math.max(1, Duration.between(lastAt, at).toMillis() / 1000.0);
        for (HWDiskStore d : si.getHardware().getDiskStores()) {
            rate(at, "diskio." + d.getName() + ".reads", "ops/s", d.getReads(), seconds);
            rate(at, "diskio." + d.getName() + ".writes", "ops/s", d.getWrites(), seconds);
            rate(at, "diskio." + d.getName() + ".read_bytes", "B/s", d.getReadBytes(), seconds);
            rate(at, "diskio." + d.getName() + ".write_bytes", "B/s", d.getWriteBytes(), seconds);
        }
        for (NetworkIF n : si.getHardware().getNetworkIFs()) {
            String name = n.getName().replaceAll("[^A-Za-z0-9_.-]", "_");
            rate(at, "net." + name + ".rx_bytes", "B/s", n.getBytesRecv(), seconds);
            rate(at, "net." + name + ".tx_bytes", "B/s", n.getBytesSent(), seconds);
            rate(at, "net." + name + ".errors", "/s", n.getInErrors() + n.getOutErrors(), seconds);
        }
        put(at, "processes", "", os.getProcessCount());
        put(at, "uptime", "s", os.getSystemUptime());
        if (processes) {
            snapshotProcesses(os, at, seconds);
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

package dev.vigil.metrics.collect;

import java.util.List;

/**
 * One reading of this machine: counters (CPU ticks, disk and network totals) the collector turns into shares and
 * rates against the previous reading, and levels (load, memory, space) it records as they are.
 *
 * @param cpuTicks the ticks spent per CPU state since boot, in the order of {@link #CPU_STATES}
 * @param load the 1, 5 and 15 minute load averages, or empty where the system has none
 */
record HostReading(long[] cpuTicks, double[] load, long memoryTotal, long memoryAvailable, long swapTotal, long swapUsed,
                   List<Volume> volumes, List<Disk> disks, List<Interface> interfaces, long processes, long uptimeSeconds) {

    /** The CPU states as /proc/stat (and OSHI's tick types) order them. */
    static final List<String> CPU_STATES = List.of("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal");

    /** A mounted file system; inode counts are -1 where they could not be read. */
    record Volume(String mount, long total, long usable, long inodes, long freeInodes) {}

    /** A block device's totals since boot. */
    record Disk(String name, long reads, long writes, long readBytes, long writeBytes) {}

    /** A network interface's totals since boot. */
    record Interface(String name, long received, long sent, long errors) {}
}
